import { describe, expect, it } from 'vitest';
import { resolveTarget, splitTarget, isSkipped, type TargetInfo } from '../../../metrics/utility/target.js';
import { UserError } from '../../../src/errors.js';
import { csv, makeCtx, withoutColumn } from './fixtures.js';

const real = csv(
  `x,z,y,amount
1.5,a,yes,10.5
2.5,b,no,11.25
3.5,a,yes,9.75
4.5,b,no,12.5
5.5,a,yes,8.25
6.5,b,no,13.75`,
  'real.csv',
);
const holdout = csv(
  `x,z,y,amount
1.0,a,yes,10.0
2.0,b,,11.0
3.0,a,maybe,
4.0,b,no,12.0`,
  'holdout.csv',
);

describe('target resolution', () => {
  it('no target: skipped with a visible reason', () => {
    const r = resolveTarget(makeCtx(real, holdout, real));
    expect(isSkipped(r)).toBe(true);
    expect((r as any).reason).toMatch(/no target column/);
  });

  it('target absent from the synthetic table: skipped naming the column', () => {
    const synth = withoutColumn(real, 'y', 'synth.csv');
    const ctx = makeCtx(real, holdout, synth, 'y');
    expect(ctx.domain.index.has('y')).toBe(false);
    expect(resolveTarget(ctx)).toEqual({ skipped: true, reason: 'target column "y" is absent from the synthetic table' });
  });

  it('categorical target -> classification over the real levels; numeric -> regression; features exclude the target', () => {
    const ctx = makeCtx(real, holdout, real, 'y');
    const c = resolveTarget(ctx) as TargetInfo;
    expect(c.kind).toBe('classification');
    expect(c.kind === 'classification' && c.classes.slice().sort()).toEqual(['no', 'yes']);
    expect(c.features.map((j) => ctx.domain.columns[j].name)).toEqual(['x', 'z', 'amount']);
    const r = resolveTarget(makeCtx(real, holdout, real, 'amount')) as TargetInfo;
    expect(r.kind).toBe('regression');
  });

  it('a single-class real target is a UserError naming file and column', () => {
    const one = csv(
      `x,y
1.5,yes
2.5,yes
3.5,yes`,
      'one.csv',
    );
    const ctx = makeCtx(one, one, one, 'y');
    expect(() => resolveTarget(ctx)).toThrow(UserError);
    expect(() => resolveTarget(ctx)).toThrow(/one\.csv, column "y": target has a single class \("yes"\)/);
  });

  it('rows with a missing target or an unseen class are dropped and counted', () => {
    const ctx = makeCtx(real, holdout, real, 'y');
    const info = resolveTarget(ctx) as TargetInfo;
    const s = splitTarget(ctx.holdout, info);
    expect(s.droppedMissing).toBe(1);
    expect(s.droppedUnseen).toBe(1);
    expect(s.enc.n).toBe(2);
    expect(s.target.kind).toBe('classification');
    const yes = (ctx.domain.columns[info.column] as any).index.get('yes');
    const no = (ctx.domain.columns[info.column] as any).index.get('no');
    expect(Array.from((s.target as any).y)).toEqual([yes, no]);
    expect(s.classCounts![yes]).toBe(1);
    expect(s.classCounts![no]).toBe(1);
    // kept rows keep their feature values
    expect(Array.from(s.enc.values[ctx.domain.index.get('x')!]!)).toEqual([1, 4]);

    const reg = resolveTarget(makeCtx(real, holdout, real, 'amount')) as TargetInfo;
    const rs = splitTarget(ctx.holdout, reg);
    expect(rs.droppedMissing).toBe(1);
    expect(Array.from((rs.target as any).y)).toEqual([10, 11, 12]);
  });

  it('nothing dropped: the encoded table is used as is', () => {
    const ctx = makeCtx(real, holdout, real, 'y');
    const s = splitTarget(ctx.real, resolveTarget(ctx) as TargetInfo);
    expect(s.enc).toBe(ctx.real);
    expect(s.droppedMissing + s.droppedUnseen).toBe(0);
  });
});
