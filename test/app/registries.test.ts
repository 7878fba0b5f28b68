// The registries are the one list of each concept: sections (src/app/sections.ts) and renderers
// (reports/renderers.ts). Every other list is derived from them; these tests fail when a derived list drifts.
import { describe, it, expect } from 'vitest';
import { SECTIONS, SECTION_NAMES } from '../../src/app/sections.js';
import { RENDERERS } from '../../reports/renderers.js';
import { OUTPUT_FILES } from '../../src/app/outputs.js';
import { COMMANDS } from '../../src/app/commands.js';
import { validateConfig } from '../../src/app/config.js';
import { UserError } from '../../src/errors.js';

describe('section registry', () => {
  it('lists every section name once, in report order', () => {
    expect(SECTIONS.map((s) => s.name)).toEqual([...SECTION_NAMES]);
  });
  it('each section checks its own options: an unknown key in a config file names the section and the file', () => {
    for (const s of SECTIONS) {
      expect(s.optionKeys.length).toBeGreaterThan(0);
      expect(() => validateConfig({ [s.name]: { notAnOption: 1 } }, 'cfg.yml')).toThrow(new RegExp(`unknown ${s.name} option "notAnOption"`));
      try {
        validateConfig({ [s.name]: { notAnOption: 1 } }, 'cfg.yml');
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
        expect((e as Error).message).toContain('cfg.yml');
      }
      // every listed key is accepted by the key check (values are the section's own check's business)
      for (const k of s.optionKeys) {
        try {
          validateConfig({ [s.name]: { [k]: undefined } }, 'cfg.yml');
        } catch (e) {
          expect((e as Error).message).not.toMatch(/unknown .* option/);
        }
      }
    }
  });
  it('the CLI --sections help lists the registry', () => {
    const audit = COMMANDS.find((c) => c.name === 'audit')!;
    const opt = audit.options.find((o) => o.name === 'sections')!;
    expect(opt.help).toContain(SECTION_NAMES.join(','));
  });
});

describe('renderer registry', () => {
  it('the output folder is timings.json, every renderer file, then results.json', () => {
    expect(OUTPUT_FILES).toEqual(['timings.json', ...RENDERERS.map((r) => r.file), 'results.json']);
    expect(new Set(RENDERERS.map((r) => r.file)).size).toBe(RENDERERS.length);
    expect(new Set(RENDERERS.map((r) => r.name)).size).toBe(RENDERERS.length);
  });
  it('gate re-renders only renderers that render synchronously', async () => {
    const { baseResult } = await import('../reports/fixtures.js');
    const { evaluatePolicy, parsePolicy } = await import('../../src/app/gate.js');
    const result = baseResult();
    const verdict = evaluatePolicy(result, parsePolicy({ name: 'p', rules: [{ name: 'r', path: 'fidelity.marginals.tvd.mean', op: '<', value: 1 }] }));
    for (const r of RENDERERS.filter((x) => x.gate)) expect(typeof r.render({ result, verdict })).toBe('string');
  });
});
