/**
 * A small argparse work-alike: HELM's CLIs use Python's argparse, whose behaviour users rely on —
 * unambiguous prefixes of long flags (`--max-eval` for `--max-eval-instances`), `--flag=value`,
 * nargs `+`/`*`, exit code 2 with `usage:` and `<prog>: error: ...` on bad input.
 */
export type FlagKind = 'string' | 'int' | 'float' | 'flag';

export interface FlagSpec {
  names: string[];
  dest: string;
  kind: FlagKind;
  /** 1 (default) = one value; '+' one or more; '*' zero or more. Ignored for flags. */
  nargs?: 1 | '+' | '*';
  default?: unknown;
  required?: boolean;
  help: string;
  metavar?: string;
  choices?: string[];
  /** Shown in --help under its own heading. */
  group?: string;
  /** Left out of the one-line usage (still listed in --help). */
  hiddenInUsage?: boolean;
}

import { CliExit } from './cli-runner';

export class ArgParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgParseError';
  }
}

export interface ParserConfig {
  prog: string;
  description: string;
  flags: FlagSpec[];
  epilog?: string;
}

export type ParsedArgs = Record<string, unknown>;

function looksLikeFlag(token: string): boolean {
  return token.startsWith('-') && token !== '-' && !/^-\d/.test(token);
}

export class ArgumentParser {
  constructor(readonly config: ParserConfig) {}

  private resolveLong(name: string): FlagSpec {
    const exact = this.config.flags.find((f) => f.names.includes(name));
    if (exact) return exact;
    const matches = this.config.flags.filter((f) => f.names.some((n) => n.startsWith('--') && n.startsWith(name)));
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) {
      const options = matches.map((f) => f.names.find((n) => n.startsWith(name))).join(', ');
      throw new ArgParseError(`ambiguous option: ${name} could match ${options}`);
    }
    throw new ArgParseError(`unrecognized arguments: ${name}`);
  }

  private convert(spec: FlagSpec, raw: string, shown: string): unknown {
    if (spec.kind === 'int') {
      if (!/^[+-]?\d+$/.test(raw.trim())) throw new ArgParseError(`argument ${shown}: invalid int value: '${raw}'`);
      const value = Number.parseInt(raw, 10);
      // Python's ints are unbounded; ours stop where a double stops counting exactly.
      if (!Number.isSafeInteger(value)) throw new ArgParseError(`argument ${shown}: int value out of range: '${raw}'`);
      return value;
    }
    if (spec.kind === 'float') {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value)) throw new ArgParseError(`argument ${shown}: invalid float value: '${raw}'`);
      return value;
    }
    if (spec.choices && !spec.choices.includes(raw)) {
      throw new ArgParseError(`argument ${shown}: invalid choice: '${raw}' (choose from ${spec.choices.map((c) => `'${c}'`).join(', ')})`);
    }
    return raw;
  }

  parse(argv: string[]): ParsedArgs {
    const result: ParsedArgs = {};
    for (const spec of this.config.flags) result[spec.dest] = spec.kind === 'flag' ? (spec.default ?? false) : spec.default;
    const seen = new Set<string>();
    for (let i = 0; i < argv.length; i++) {
      const token = argv[i];
      if (token === '-h' || token === '--help' || (token.startsWith('--h') && '--help'.startsWith(token) && token.length > 3)) {
        result.help = true;
        continue;
      }
      if (!looksLikeFlag(token)) throw new ArgParseError(`unrecognized arguments: ${token}`);
      let name = token;
      let inline: string | undefined;
      if (token.startsWith('--')) {
        const eq = token.indexOf('=');
        if (eq !== -1) {
          name = token.slice(0, eq);
          inline = token.slice(eq + 1);
        }
      } else if (token.length > 2) {
        name = token.slice(0, 2);
        inline = token.slice(2);
      }
      const spec = name.startsWith('--') ? this.resolveLong(name) : this.config.flags.find((f) => f.names.includes(name));
      if (!spec) throw new ArgParseError(`unrecognized arguments: ${token}`);
      const shown = spec.names.join('/');
      seen.add(spec.dest);
      if (spec.kind === 'flag') {
        if (inline !== undefined) throw new ArgParseError(`argument ${shown}: ignored explicit argument '${inline}'`);
        result[spec.dest] = true;
        continue;
      }
      const values: string[] = [];
      if (inline !== undefined) values.push(inline);
      const nargs = spec.nargs ?? 1;
      if (nargs === 1) {
        if (values.length === 0) {
          if (i + 1 >= argv.length || looksLikeFlag(argv[i + 1])) throw new ArgParseError(`argument ${shown}: expected one argument`);
          values.push(argv[++i]);
        }
        result[spec.dest] = this.convert(spec, values[0], shown);
        continue;
      }
      while (i + 1 < argv.length && !looksLikeFlag(argv[i + 1]) && inline === undefined) values.push(argv[++i]);
      if (nargs === '+' && values.length === 0) throw new ArgParseError(`argument ${shown}: expected at least one argument`);
      result[spec.dest] = values.map((v) => this.convert(spec, v, shown));
    }
    if (result.help) return result;
    const missing = this.config.flags.filter((f) => f.required && !seen.has(f.dest));
    if (missing.length > 0) {
      throw new ArgParseError(`the following arguments are required: ${missing.map((f) => f.names.join('/')).join(', ')}`);
    }
    return result;
  }

  usage(): string {
    const parts = this.config.flags.filter((f) => !f.hiddenInUsage).map((f) => {
      const flag = f.names[0];
      const meta = f.metavar ?? f.dest.toUpperCase();
      const value = f.kind === 'flag' ? '' : f.nargs === '+' ? ` ${meta} [${meta} ...]` : f.nargs === '*' ? ` [${meta} ...]` : ` ${meta}`;
      return f.required ? `${flag}${value}` : `[${flag}${value}]`;
    });
    return `usage: ${this.config.prog} [-h] ${parts.join(' ')}`;
  }

  help(): string {
    const lines = [this.usage(), '', this.config.description, ''];
    const groups = new Map<string, FlagSpec[]>();
    for (const f of this.config.flags) {
      const group = f.group ?? 'options';
      groups.set(group, [...(groups.get(group) ?? []), f]);
    }
    lines.push('options:', '  -h, --help            show this help message and exit');
    for (const [group, flags] of groups) {
      if (group !== 'options') lines.push('', `${group}:`);
      for (const f of flags) {
        const meta = f.kind === 'flag' ? '' : ` ${f.metavar ?? f.dest.toUpperCase()}`;
        const head = `  ${f.names.join(', ')}${meta}`;
        const defaultText = f.default !== undefined && f.kind !== 'flag' ? ` (default: ${JSON.stringify(f.default)})` : '';
        lines.push(head.length < 24 ? head.padEnd(24) + f.help + defaultText : `${head}\n${' '.repeat(24)}${f.help}${defaultText}`);
      }
    }
    if (this.config.epilog) lines.push('', this.config.epilog);
    return lines.join('\n');
  }

  /**
   * What a CLI's main does first: parse, exiting 2 on bad flags (argparse's behaviour); prints
   * --help and returns undefined when help was asked for.
   */
  parseOrExit(argv: string[]): ParsedArgs | undefined {
    let args: ParsedArgs;
    try {
      args = this.parse(argv);
    } catch (error) {
      if (error instanceof ArgParseError) this.fail(error);
      throw error;
    }
    if (args.help) {
      process.stdout.write(this.help() + '\n');
      return undefined;
    }
    return args;
  }

  /** argparse's error exit: usage and message on stderr, exit code 2 (thrown as CliExit, see cli-runner.ts). */
  fail(error: ArgParseError): never {
    process.stderr.write(`${this.usage()}\n${this.config.prog}: error: ${error.message}\n`);
    throw new CliExit(2);
  }
}
