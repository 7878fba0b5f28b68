// JUnit XML for CI test tabs: one <testcase> per policy rule, failures carrying the value, threshold and interval.
// Follows the common JUnit/Ant XML shape (testsuites > testsuite > testcase > failure|skipped); every string XML-escaped.

import type { AuditResult } from './result.js';
import type { PolicyVerdict, RuleVerdict } from '../src/verdict.js';
import { escapeXml, fmtNum, fmtInterval } from './util.js';

function attr(name: string, value: unknown): string {
  return ` ${name}="${escapeXml(value)}"`;
}

function detail(r: RuleVerdict): string {
  const lines = [
    `rule: ${r.name}`,
    `path: ${r.agg ? `${r.agg}(${r.path})` : r.path}`,
    `value: ${r.value === null ? 'null' : fmtNum(r.value, 6)}`,
    `threshold: ${r.op} ${r.threshold === null ? 'null' : fmtNum(r.threshold, 6)}${r.thresholdRule ? ` (${r.thresholdRule})` : ''}`,
  ];
  if (r.interval) lines.push(`interval: ${fmtInterval(r.interval, 4)}`);
  if (r.baseline !== undefined) lines.push(`baseline: ${fmtNum(r.baseline, 4)}`);
  lines.push(`message: ${r.message}`);
  if (r.description) lines.push(`meaning: ${r.description}`);
  return lines.join('\n');
}

export function renderJunit(result: AuditResult, verdict: PolicyVerdict): string {
  const n = verdict.rules.length;
  const { failed, notEvaluated } = verdict.counts;
  const suite = `synthaudit policy: ${verdict.policy}`;
  const cls = `synthaudit.policy.${verdict.policy.replace(/[^\w-]+/g, '_')}`;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites${attr('name', 'synthaudit')}${attr('tests', n)}${attr('failures', failed)}${attr('errors', 0)}${attr('skipped', notEvaluated)}>`);
  out.push(`  <testsuite${attr('name', suite)}${attr('tests', n)}${attr('failures', failed)}${attr('errors', 0)}${attr('skipped', notEvaluated)}>`);
  const meta = result?.meta;
  if (meta) {
    out.push('    <properties>');
    out.push(`      <property${attr('name', 'synthaudit.version')}${attr('value', meta.version)}/>`);
    out.push(`      <property${attr('name', 'seed')}${attr('value', meta.seed)}/>`);
    for (const inp of meta.inputs ?? []) {
      out.push(`      <property${attr('name', `input.${inp.role}`)}${attr('value', `${inp.file} (${inp.rows} rows, sha256 ${inp.sha256})`)}/>`);
    }
    out.push('    </properties>');
  }
  for (const r of verdict.rules) {
    const open = `    <testcase${attr('classname', cls)}${attr('name', r.name)}`;
    if (r.passed === true) {
      out.push(`${open}/>`);
    } else if (r.passed === false) {
      const type = r.value === null ? 'missing' : 'threshold';
      out.push(`${open}>`);
      out.push(`      <failure${attr('message', r.message)}${attr('type', type)}>${escapeXml(detail(r))}</failure>`);
      out.push('    </testcase>');
    } else {
      out.push(`${open}>`);
      out.push(`      <skipped${attr('message', r.message)}/>`);
      out.push('    </testcase>');
    }
  }
  out.push('  </testsuite>');
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
