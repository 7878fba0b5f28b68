// Average ranks (1-based; tied values share the mean of their positions), the one implementation behind Spearman
// correlations (fidelity, utility ranking agreement) and the Mann-Whitney / DeLong AUC (attacks). NaN stays NaN, unranked.

export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(x[i])) m++;
  const order = new Int32Array(m);
  for (let i = 0, k = 0; i < n; i++) {
    if (Number.isNaN(x[i])) out[i] = NaN;
    else order[k++] = i;
  }
  order.sort((a, b) => x[a] - x[b] || a - b);
  let i = 0;
  while (i < m) {
    let j = i;
    while (j + 1 < m && x[order[j + 1]] === x[order[i]]) j++;
    const rank = (i + j) / 2 + 1; // mean of the 1-based positions i+1 .. j+1
    for (let t = i; t <= j; t++) out[order[t]] = rank;
    i = j + 1;
  }
  return out;
}
