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
    // a UserError (bad generator option, unusable data) keeps its kind so the CLI reports it as a user error
    const user = e instanceof Error && e.name === 'UserError';
    parentPort!.postMessage({ id: task.id, error: e instanceof Error ? (user ? e.message : `${e.name}: ${e.message}`) : String(e), user });
  }
});
