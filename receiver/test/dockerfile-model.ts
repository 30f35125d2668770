// A reading of receiver/Dockerfile good enough for tests: its instructions (continuation lines
// joined, comments dropped) grouped by build stage. No Docker engine runs here, so the tests check
// the file itself and re-enact its stages with the same commands.
import { readFileSync } from 'node:fs';

export const RECEIVER_DIR = new URL('../', import.meta.url);
export const REPO_ROOT = new URL('../../', import.meta.url);

export interface Instruction {
  /** Upper-cased keyword: FROM, RUN, COPY, ... */
  readonly keyword: string;
  /** Everything after the keyword. */
  readonly args: string;
}

export interface Stage {
  readonly image: string;
  /** The `AS` name; undefined for an unnamed stage. */
  readonly name: string | undefined;
  readonly instructions: readonly Instruction[];
}

export function readInstructions(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const space = line.search(/\s/);
      return {
        keyword: (space === -1 ? line : line.slice(0, space)).toUpperCase(),
        args: space === -1 ? '' : line.slice(space + 1).trim(),
      };
    });
}

export function readStages(text: string): Stage[] {
  const stages: { image: string; name: string | undefined; instructions: Instruction[] }[] = [];
  for (const instruction of readInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.split(/\s+/);
      stages.push({
        image: image as string,
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        instructions: [],
      });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** `COPY [--from=x] src… dest` as its parts. */
export function copyParts(args: string): {
  from: string | undefined;
  sources: string[];
  dest: string;
} {
  const words = args.split(/\s+/);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  const paths = words.filter((w) => !w.startsWith('--'));
  return { from, sources: paths.slice(0, -1), dest: paths.at(-1) as string };
}

/** `ENV A=1 B=2` (the key=value form) as a record. */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of stage.instructions) {
    if (instruction.keyword !== 'ENV') continue;
    for (const pair of instruction.args.split(/\s+/)) {
      const equals = pair.indexOf('=');
      if (equals > 0) env[pair.slice(0, equals)] = pair.slice(equals + 1);
    }
  }
  return env;
}

/** The exec-form argument list of the last instruction with this keyword (CMD, HEALTHCHECK). */
export function execForm(stage: Stage, keyword: 'CMD' | 'HEALTHCHECK'): string[] {
  const instruction = stage.instructions.filter((i) => i.keyword === keyword).at(-1);
  if (instruction === undefined) throw new Error(`the stage has no ${keyword}`);
  const json = instruction.args.slice(instruction.args.indexOf('['));
  return JSON.parse(json) as string[];
}

export const dockerfileText = (): string =>
  readFileSync(new URL('Dockerfile', RECEIVER_DIR), 'utf8');
