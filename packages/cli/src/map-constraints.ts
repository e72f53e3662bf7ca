import { InvalidArgumentError } from 'commander';
import { describeReadError, diag, readInputText, warning, type Diagnostic } from '@snnc/common';
import { CLI_OPTION_IGNORED } from './util.js';
import type { Target } from '@snnc/ir';
import { constraintsFromJson, type PlacementConstraints, type PopulationPinOption } from '@snnc/mapper';

/**
 * `snnc map --avoid file.json --max-neurons-per-core N --pin POP=chips:0,1 --pin POP=cores:0-15`
 * (docs/mapper.md §9): the options become one PlacementConstraints for the mapper; its
 * diagnostics (SNNC3070-3075) are then labelled with where each constraint came from.
 */

/** Commander parser of one --pin (repeatable): POP=chips:A,B or POP=cores:A-B,C. */
export function pinOption(value: string, previous: PopulationPinOption[] = []): PopulationPinOption[] {
  const m = /^([^=]+)=(chips|cores):(.+)$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError(`expected POPULATION=chips:0,1 or POPULATION=cores:0-15,32, found "${value}"`);
  const [, population, kind, list] = m;
  const items = list.split(',').map((s) => s.trim());
  const int = (s: string) => {
    if (!/^\d+$/.test(s)) throw new InvalidArgumentError(`expected whole numbers in "${value}", found "${s}"`);
    return Number(s);
  };
  const pin: PopulationPinOption = { population };
  if (kind === 'chips') pin.chips = items.map(int);
  else {
    pin.cores = items.map((it) => {
      const r = /^(\d+)-(\d+)$/.exec(it);
      return r ? [int(r[1]), int(r[2])] as [number, number] : [int(it), int(it)] as [number, number];
    });
  }
  return [...previous, pin];
}

export interface ConstraintOptions {
  avoid?: string;
  maxNeuronsPerCore?: number;
  pin?: PopulationPinOption[];
}

export interface LoadedConstraints {
  constraints?: PlacementConstraints;
  diagnostics: Diagnostic[];
  /** relabels a mapper diagnostic about the constraints with the file or option it came from */
  label: (d: Diagnostic) => Diagnostic;
}

export function loadConstraints(o: ConstraintOptions, target: Target): LoadedConstraints {
  let c: PlacementConstraints = {};
  const filePins = { n: 0 };
  const diagnostics: Diagnostic[] = [];
  if (o.avoid !== undefined) {
    let text: string;
    try {
      // bounded, and never from a directory or a device (`--avoid /dev/zero` would grow without end)
      text = readInputText(o.avoid);
    } catch (e) {
      return { diagnostics: [diag('SNNC3070', `cannot read the constraints file: it ${describeReadError(e)}`, { file: o.avoid, pointer: '', expected: 'an existing JSON file (schemas/avoid.schema.json)', found: o.avoid })], label: (d) => d };
    }
    const r = constraintsFromJson(text, target, o.avoid);
    if (!r.constraints) return { diagnostics: r.diagnostics, label: (d) => d };
    c = r.constraints;
    diagnostics.push(...r.diagnostics); // warnings of a file that loads
    filePins.n = c.pins?.length ?? 0;
  }
  // the flag's cap wins (docs/mapper.md §9); a different cap in the file is then not obeyed: say so
  if (o.maxNeuronsPerCore !== undefined && c.maxNeuronsPerCore !== undefined && c.maxNeuronsPerCore !== o.maxNeuronsPerCore)
    diagnostics.push(warning(CLI_OPTION_IGNORED, `the constraints file's cap of ${c.maxNeuronsPerCore} neurons per core is replaced by --max-neurons-per-core ${o.maxNeuronsPerCore}`, {
      file: o.avoid, pointer: '/maxNeuronsPerCore', expected: 'one cap, in the file or the flag', found: `${c.maxNeuronsPerCore} in the file, ${o.maxNeuronsPerCore} in the flag`, fix: 'drop one of the two caps',
    }));
  if (o.maxNeuronsPerCore !== undefined) c = { ...c, maxNeuronsPerCore: o.maxNeuronsPerCore };
  if (o.pin?.length) c = { ...c, pins: [...(c.pins ?? []), ...o.pin] };
  const active = o.avoid !== undefined || o.maxNeuronsPerCore !== undefined || !!o.pin?.length;
  const label = (d: Diagnostic): Diagnostic => {
    if (d.file !== undefined || !/^SNNC307[1-5]$/.test(d.code)) return d;
    const pin = /^\/pins\/(\d+)/.exec(d.pointer ?? '');
    // --pin options: pointer = the option's index among the --pin options
    if (pin && Number(pin[1]) >= filePins.n) return { ...d, file: '--pin', pointer: `/${Number(pin[1]) - filePins.n}` };
    if (d.pointer === '/maxNeuronsPerCore' && o.maxNeuronsPerCore !== undefined) return { ...d, file: '--max-neurons-per-core', pointer: '' };
    return { ...d, file: o.avoid ?? '<constraints>' };
  };
  return { ...(active ? { constraints: c } : {}), diagnostics, label };
}
