/** One question on the terminal, one answer (used by `init` when stdin is a terminal). */
import * as readline from 'node:readline';

export function ask(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) => {
    let answered = false;
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolve(answer.trim());
    });
    // Ctrl-D: an empty answer (the default), never a hang.
    rl.on('close', () => {
      if (!answered) resolve('');
    });
  });
}
