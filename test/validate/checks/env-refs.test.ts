import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { edit, expectLines, expectValid, onlyHint, valueAt } from '../helpers';

const env = (body: string): string => edit(['port: 8080 }', `port: 8080, env: { ${body} } }`]);

test('plain values and valid references', () => {
  expectValid(env('A: plain, B: ssm:/demo/model-id, C: secretsmanager:demo/hf-token, D: "ssmtext"'));
});

test('an SSM reference without its leading slash', () => {
  const t = env('HF_TOKEN: ssm:demo/hf');
  expectLines(t, [`FF209 ${valueAt(t, 'HF_TOKEN: ssm:demo/hf')} pools[0].container.env.HF_TOKEN is "ssm:demo/hf", which looks like a secret reference but is not one; references are \`ssm:/path/name\` (letters, digits, _ . - /) or \`secretsmanager:name\``]);
  assert.is(onlyHint(t), 'Did you mean "ssm:/demo/hf"? SSM parameter paths start with /.');
});

test('a reference with characters the services reject', () => {
  const t = env('TOKEN: "secretsmanager:my token"');
  expectLines(t, [`FF209 ${valueAt(t, 'TOKEN: "secretsmanager:my token"')} pools[0].container.env.TOKEN is "secretsmanager:my token", which looks like a secret reference but is not one; references are \`ssm:/path/name\` (letters, digits, _ . - /) or \`secretsmanager:name\``]);
});

test.run();
