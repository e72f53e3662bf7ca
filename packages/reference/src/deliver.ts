/**
 * §3.1 phase 3 (deliver, §2.3) for one projection, and the eligibility events of §5.2. Free
 * functions on typed arrays: the CSR rows of the spiking presynaptic neurons are walked in order,
 * one multiply-add per synapse, nothing allocated.
 *
 * Two loops rather than one with a per-synapse branch on the mode: each stays monomorphic and
 * tight for the JIT, and inference never pays for the eligibility test.
 */

/**
 * Adds the §2.2 contribution (w[s] >> down) * scale to acc[base + post[s]] for every synapse of the
 * listed neurons; returns the count. (down > 0 only for a negative weight exponent.)
 */
export function deliver(
  rowStart: Uint32Array,
  post: Uint32Array,
  w: Int16Array,
  scale: number,
  down: number,
  list: Int32Array,
  nsp: number,
  acc: Float64Array,
  base: number,
): number {
  let events = 0;
  for (let k = 0; k < nsp; k++) {
    const j = list[k];
    const end = rowStart[j + 1];
    for (let s = rowStart[j]; s < end; s++) acc[base + post[s]] += (w[s] >> down) * scale;
    events += end - rowStart[j];
  }
  return events;
}

/**
 * Side results of the last deliverRecording call (a reused object instead of an allocation per
 * call): eligibility events recorded and the new length of the touched list.
 */
export const recorded = { eligibility: 0, touched: 0 };

/**
 * deliver plus §5.2: where the postsynaptic neuron also spikes in this step (S[to + i]), add
 * Pt = P[T-1-t] to e_ij, and list the synapse in `touched` the first time e_ij becomes nonzero
 * (the epoch and the next sample's reset visit only those). Returns the synaptic events.
 */
export function deliverRecording(
  rowStart: Uint32Array,
  post: Uint32Array,
  w: Int16Array,
  scale: number,
  down: number,
  list: Int32Array,
  nsp: number,
  acc: Float64Array,
  base: number,
  S: Uint8Array,
  to: number,
  e: Int32Array,
  Pt: number,
  touched: Uint32Array,
  nTouched: number,
): number {
  let nt = nTouched;
  let events = 0;
  let ev = 0;
  for (let k = 0; k < nsp; k++) {
    const j = list[k];
    const end = rowStart[j + 1];
    for (let s = rowStart[j]; s < end; s++) {
      const i = post[s];
      acc[base + i] += (w[s] >> down) * scale;
      if (S[to + i] !== 0) {
        const old = e[s];
        e[s] = old + Pt;
        if (old === 0 && Pt !== 0) touched[nt++] = s;
        ev++;
      }
    }
    events += end - rowStart[j];
  }
  recorded.eligibility = ev;
  recorded.touched = nt;
  return events;
}

/**
 * §5.2 causal pairing, without delivery (the same recording as deliverRecording's, which stays
 * fused with the delivery of the coincident case so that its hot loop walks each row once): for every synapse of the listed presynaptic neurons
 * (list[offset .. offset + n), the spikes of step t - delay) whose postsynaptic neuron spikes in this
 * step, add Pt = P[T-1-t] to e_ij (listing it in `touched` as deliverRecording does; from a
 * graded input, round(Pt g / 255), §2.4). Sets `recorded`; returns nothing (delivery of those
 * spikes happened at their own step).
 */
export function recordCausal(
  rowStart: Uint32Array,
  post: Uint32Array,
  list: Int32Array,
  offset: number,
  n: number,
  S: Uint8Array,
  to: number,
  e: Int32Array,
  Pt: number,
  touched: Uint32Array,
  nTouched: number,
  values: Uint8Array | null = null,
  vbase = 0,
): void {
  let nt = nTouched;
  let ev = 0;
  for (let k = offset; k < offset + n; k++) {
    const j = list[k];
    // §2.4: a graded input's spike (its value in `values`, of step t - delay) pairs with round(Pt g / 255)
    const add = values === null ? Pt : gradedScale(Pt, values[vbase + j]);
    const end = rowStart[j + 1];
    for (let s = rowStart[j]; s < end; s++) {
      if (S[to + post[s]] === 0) continue;
      const old = e[s];
      e[s] = old + add;
      if (old === 0 && add !== 0) touched[nt++] = s;
      ev++;
    }
  }
  recorded.eligibility = ev;
  recorded.touched = nt;
}

/**
 * §2.4 graded inputs: round(x * g / 255) for an integer x and a value g in 1..255, as
 * floor((2 x g + 255) / 510) (round half up; no value lies halfway because 255 is odd).
 */
export function gradedScale(x: number, g: number): number {
  return Math.floor((2 * x * g + 255) / 510);
}

/**
 * deliver for a graded input (§2.4): the spike of source j carries g = values[vbase + j] and each
 * of its synapses adds round(c(w) g / 255). With `e` (coincident pairing, §5.2) also records, as
 * deliverRecording does, round(Pt g / 255) where the target spikes; `e` null delivers only.
 */
export function deliverGraded(
  rowStart: Uint32Array,
  post: Uint32Array,
  w: Int16Array,
  scale: number,
  down: number,
  list: Int32Array,
  nsp: number,
  acc: Float64Array,
  base: number,
  values: Uint8Array,
  vbase: number,
  e: Int32Array | null,
  S: Uint8Array,
  to: number,
  Pt: number,
  touched: Uint32Array | null,
  nTouched: number,
): number {
  let nt = nTouched;
  let events = 0;
  let ev = 0;
  for (let k = 0; k < nsp; k++) {
    const j = list[k];
    const g = values[vbase + j];
    const pg = e === null ? 0 : gradedScale(Pt, g);
    const end = rowStart[j + 1];
    for (let s = rowStart[j]; s < end; s++) {
      const i = post[s];
      acc[base + i] += gradedScale((w[s] >> down) * scale, g);
      if (e !== null && S[to + i] !== 0) {
        const old = e[s];
        e[s] = old + pg;
        if (old === 0 && pg !== 0) touched![nt++] = s;
        ev++;
      }
    }
    events += end - rowStart[j];
  }
  recorded.eligibility = ev;
  recorded.touched = nt;
  return events;
}
