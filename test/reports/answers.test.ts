// The report's first three answers (Faithful? Useful? Safe?; issue 16 item 1): lights from the policy's rules on each
// section, facts in plain words. An identity copy of the training rows and a fresh sample of the population must
// get different answers: Safe is red for the copy, with the copy share in its words, and green for the fresh sample.
import { describe, it, expect } from 'vitest';
import { audit } from '../../src/app/index.js';
import { evaluatePolicy, loadPolicy } from '../../src/app/gate.js';
import { answers } from '../../reports/answers.js';
import { renderHtml } from '../../reports/html.js';
import { loadShared, splitHalves } from '../helpers/data.js';

const policy = loadPolicy('default');

async function judged(synthetic: 'copy' | 'fresh') {
  const train = loadShared('german_credit', 'train');
  const [holdA, holdB] = splitHalves(loadShared('german_credit', 'holdout'), 7);
  const result = await audit({ real: train, holdout: holdA, synthetic: synthetic === 'copy' ? train : holdB, target: 'class', seed: 3, sections: ['fidelity', 'utility', 'privacy'] });
  return { result, verdict: evaluatePolicy(result, policy) };
}

describe('Faithful? Useful? Safe?', () => {
  it('an identity copy is unsafe (red, with the copy share); a fresh sample is safe and faithful (green)', async () => {
    const copy = await judged('copy');
    const fresh = await judged('fresh');
    const a = answers(copy.result, copy.verdict);
    const b = answers(fresh.result, fresh.verdict);
    expect(a.map((x) => x.question)).toEqual(['Faithful?', 'Useful?', 'Safe?']);
    const safeCopy = a[2];
    expect(safeCopy.light).toBe('red');
    expect(safeCopy.verdict).toBe('No');
    expect(safeCopy.facts[0]).toMatch(/^100\.0% of synthetic rows are exact copies of training rows \(a fresh sample of the population: \d+\.\d%\)\.$/);
    expect(safeCopy.failed.length).toBeGreaterThan(0);
    expect(safeCopy.next).toMatch(/Do not release/);
    expect(b[2].light).toBe('green');
    expect(b[2].facts[0]).toMatch(/^0\.0% of synthetic rows are exact copies/);
    expect(b[0].light).toBe('green');
    // the default policy has no utility rule: not judged, but the number is said
    expect(b[1].light).toBe('grey');
    expect(b[1].facts[0]).toMatch(/^Models trained on the synthetic table reach \d+% of the real-trained models' ROC AUC on the holdout \(from \d+% to \d+% over \d+ models\)\.$/);
    // the page shows them first, and says which policy lit them
    const html = await renderHtml(copy.result, { defaultVerdict: copy.verdict });
    const i = html.indexOf('class="answers"');
    expect(i).toBeGreaterThan(0);
    expect(i).toBeLessThan(html.indexOf('id="fidelity"'));
    expect(html).toContain('Safe? <strong>No</strong>');
    expect(html).toContain('No --policy was given: the lights are the built-in default policy');
    const withPolicy = await renderHtml(fresh.result, { verdict: fresh.verdict });
    expect(withPolicy).toContain('Safe? <strong>Yes</strong>');
    expect(withPolicy).toContain('Lights from policy “default”.');
  }, 120_000);
  it('without any verdict every light is grey; a section that did not run says so', () => {
    const r = { version: 2, meta: { tool: 'synthaudit', version: 'x', seed: 1, options: {}, inputs: [], stages: [] }, data: { columns: [], notices: [] }, utility: { skipped: true, reason: 'no --target given' } } as unknown as Parameters<typeof answers>[0];
    const a = answers(r);
    expect(a.map((x) => x.light)).toEqual(['grey', 'grey', 'grey']);
    expect(a[1].facts).toEqual(['Not run: no --target given.']);
    expect(a[0].facts).toEqual(['Not run.']);
  });
});
