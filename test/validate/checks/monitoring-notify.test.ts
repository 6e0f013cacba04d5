import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BASE, diagnostics, expectLines, expectValid, keyAt, posOf, valueAt } from '../helpers';

const withNotify = (notify: string): string => `${BASE}monitoring:\n  notify:\n${notify}`;

test('e-mail addresses and an HTTPS endpoint without credentials', () => {
  expectValid(withNotify('    emails: [oncall@example.com, ml.team+alerts@corp.example.co.uk]\n    https: [https://alerts.example.com/sns/demo]\n'));
});

test('an existing topic in the fleet region', () => {
  expectValid(withNotify('    topic: arn:aws:sns:ap-northeast-2:123456789012:oncall\n'));
});

test('an address that is not an e-mail address', () => {
  const t = withNotify('    emails: [oncall.example.com]\n');
  expectLines(t, [`FF501 ${posOf(t, 'oncall.example.com')} monitoring.notify.emails[0] is "oncall.example.com", which is not an e-mail address`]);
});

test('http:// is refused, and so is a URL that does not parse', () => {
  let t = withNotify('    https: ["http://alerts.example.com/sns"]\n');
  expectLines(t, [`FF502 ${posOf(t, '"http://alerts')} monitoring.notify.https[0] is "http://alerts.example.com/sns", not an https:// URL (SNS sends alerts in clear over http://; use https://)`]);
  t = withNotify('    https: ["alerts.example.com/sns"]\n');
  expectLines(t, [`FF502 ${posOf(t, '"alerts.example')} monitoring.notify.https[0] is "alerts.example.com/sns", not an https:// URL`]);
});

test('credentials in an HTTPS endpoint are reported and never echoed', () => {
  const cases: [string, string][] = [
    ['https://user:hunter2@alerts.example.com/sns', 'a user name or password'],
    ['https://alerts.example.com/sns?api_key=Zx81kQ', 'a credential in its query string'],
    ['https://hooks.slack.com/services/T0000/B0000/abcdefghij', 'a hooks.slack.com webhook path, which is itself the credential'],
    ['https://alerts.example.com/hook/3f9a0c7e1b2d4a6f8e0c9b7a', 'a token in its path'],
  ];
  for (const [url, what] of cases) {
    const t = withNotify(`    https: ["${url}"]\n`);
    const d = diagnostics(t);
    assert.equal(d.map((x) => x.code), ['FF503'], url);
    assert.is(d[0].message, `monitoring.notify.https[0] carries ${what}; a secret never belongs in fleet.yaml (value not shown)`);
    assert.not.ok(d[0].message.includes(url) || d[0].hint.includes(url), 'the URL is not echoed');
    assert.match(d[0].hint, /monitoring\.notify\.topic/);
  }
});

test('a topic in another region, a FIFO topic, and not an ARN', () => {
  let t = withNotify('    topic: arn:aws:sns:us-east-1:123456789012:oncall\n');
  expectLines(t, [`FF504 ${valueAt(t, 'topic: arn')} monitoring.notify.topic is in us-east-1, but the fleet (and its alarms) is in ap-northeast-2; an alarm notifies a topic in its own region`]);
  t = withNotify('    topic: arn:aws:sns:ap-northeast-2:123456789012:oncall.fifo\n');
  expectLines(t, [`FF504 ${valueAt(t, 'topic: arn')} monitoring.notify.topic is a FIFO topic; CloudWatch alarm actions publish only to standard topics`]);
  t = withNotify('    topic: oncall\n');
  expectLines(t, [`FF504 ${valueAt(t, 'topic: oncall')} monitoring.notify.topic is "oncall", which is not an SNS topic ARN`]);
});

test('a topic with subscriptions, and no destination at all', () => {
  let t = withNotify('    topic: arn:aws:sns:ap-northeast-2:123456789012:oncall\n    https: [https://alerts.example.com/sns]\n');
  expectLines(t, [`FF505 ${keyAt(t, 'https: [https')} monitoring.notify.https is set together with monitoring.notify.topic; Fleetform subscribes addresses only to a topic it creates`]);
  t = `${BASE}monitoring:\n  notify: {}\n`;
  expectLines(t, [`FF505 ${keyAt(t, 'notify: {}')} monitoring.notify names no destination: alarms would change state and tell nobody`]);
});

test.run();
