// Ties of the definition must stay ties in floating point: a synthetic row exactly midway between a train row and a holdout row
// (|x - y| equal, same range) is a DCR-share tie (counted 1/2) and a tied member/non-member pair in the distance MIA (AUC 1/2).
// Worked by hand: age range 77 (18..95); the synthetic row (20, z) is 1/77 of a column away from (19, z) and from (21, z).
import { describe, expect, it } from 'vitest';
import { prepare } from '../../src/prepare.js';
import { parseTable } from '../../src/table.js';
import { Rng } from '../../src/rng.js';
import { buildIndex, gowerDistance, gowerSpace, nearest, nearestBrute } from '../../attacks/distance.js';
import { distanceMetrics } from '../../attacks/dcr.js';

const csv = (rows: string[], name: string) => parseTable(['age,cat', ...rows].join('\n') + '\n', name);
// x = 20 is an age where 20/77 - 19/77 !== 21/77 - 20/77 in floating point (range-scaling before subtracting breaks the tie)
const train = csv(['18,x', '95,y', '19,z', '40,w', '50,v', '70,u'], 'train');
const holdout = csv(['21,z', '61,x', '41,w', '51,v', '72,u', '90,y'], 'holdout');
const synthetic = csv(['20,z'], 'synthetic');

describe('distance ties of the definition stay exact ties', () => {
  const p = prepare(train, holdout, synthetic);
  it('the midway row is at the same distance from its train and holdout neighbours', () => {
    const space = gowerSpace(p.real);
    const dT = gowerDistance(p.synthetic, 0, p.real, 2, space);
    const dH = gowerDistance(p.synthetic, 0, p.holdout, 0, space);
    expect(dT).toBe(1 / 77 / 2);
    expect(dH).toBe(dT);
    expect(nearest(buildIndex(p.real, space), p.synthetic).dist[0]).toBe(dT);
    expect(nearest(buildIndex(p.holdout, space), p.synthetic).dist[0]).toBe(dH);
    expect(nearestBrute(p.holdout, p.synthetic, space).dist[0]).toBe(dH);
  });
  it('DCR share splits the tie (value 1/2) and the MIA AUC counts the tied pair 1/2', () => {
    const r = distanceMetrics(p.real, p.holdout, p.synthetic, new Rng(1));
    expect([r.dcrShare.closerToTrain, r.dcrShare.closerToHoldout, r.dcrShare.ties]).toEqual([0, 0, 1]);
    expect(r.dcrShare.value).toBe(0.5);
    // distances x 154 to the synthetic row: members 79, 152, 1, 97, 107, 127; non-members 1, 118, 98, 108, 129, 147
    // member closer than non-member: 5 + 0 + (5 + 1/2) + 5 + 4 + 2 = 21.5 of 36 pairs
    expect(r.mia.auc.value).toBeCloseTo(21.5 / 36, 15);
  });
});
