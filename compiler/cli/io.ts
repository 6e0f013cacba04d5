/** What a command may touch: its arguments, its output streams, the working directory. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Environment, for `CI`/`GITHUB_ACTIONS` detection and colour. */
  env: Record<string, string | undefined>;
  /** Standard input, the file named `-`: read to its end, but at most `limit + 1` bytes. Default: the process's fd 0. */
  stdin?: (limit: number) => Buffer;
  /** Which streams are terminals: colour only there, questions only when stdin is one. */
  tty?: { stdin?: boolean; stdout?: boolean; stderr?: boolean };
  /** Ask a question on a terminal and return the answer (`init` without flags). */
  ask?: (question: string) => Promise<string>;
}

/** Exit codes: 0 success, 1 the input is invalid, 2 usage or I/O error. */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

/** A command's entry point. Commands return an exit code; they never call process.exit. */
export type Command = (args: string[], io: CliIO) => Promise<number>;

/** Raised for bad command-line usage; main prints it with the usage line and exits 2. */
export class UsageError extends Error {}
