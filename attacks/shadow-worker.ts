// Worker thread for shadow-model tasks: receives the ShadowInit once (workerData), then ShadowTask messages; replies with
// feature vectors. Follows Stadler et al. 2022 / TAPAS; every task carries its own seed, so results do not depend on scheduling.

import { parentPort, workerData } from 'node:worker_threads';
import { auxEncoded, runShadowTask, type ShadowInit, type ShadowTask } from './shadow-task.js';

const init = workerData as ShadowInit;
const aux = auxEncoded(init);
parentPort!.on('message', (task: ShadowTask) => {
  try {
    const f = runShadowTask(init, aux, task);
    parentPort!.postMessage({ id: task.id, features: f }, [f.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: task.id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
});
