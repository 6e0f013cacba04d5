/**
 * Where alerts go: addresses shaped like e-mail addresses, HTTPS endpoints
 * that SNS accepts and that carry no secret, or an existing topic that an
 * alarm in this region can publish to.
 *
 * - SNS subscribes `email` and `https` endpoints; an HTTPS endpoint must be an
 *   https:// URL, and it receives the topic's messages after confirming.
 *   https://docs.aws.amazon.com/sns/latest/dg/sns-http-https-endpoint-as-subscriber.html
 * - A webhook URL with a token in it is a password: anyone who reads
 *   fleet.yaml (or the Terraform state, where the subscription endpoint is
 *   stored) can post to it. It is reported without being echoed.
 * - Alarm actions publish to an SNS topic in the alarm's own region, and not
 *   to FIFO topics.
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (AlarmActions)
 */
import type { PathSegment } from '../../diagnostics/diagnostic';
import type { Check, CheckContext } from './check';
import { at, list, obj, show, str } from './read';

/** Local part, @, a domain with a dot; no spaces, no second @. Deliberately simple (RFC 5321 shapes SNS accepts). */
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const TOPIC_ARN = /^arn:(aws|aws-cn|aws-us-gov):sns:([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-[0-9]):([0-9]{12}):([A-Za-z0-9_-]{1,256}(?:\.fifo)?)$/;

/** Query parameters whose value is a credential. */
const SECRET_PARAMS = /^(?:token|access_token|api[_-]?key|apikey|key|secret|sig|signature|password|pass|auth|code|x-amz-signature|webhook_secret)$/i;
/** Webhook hosts whose URL path itself is the credential. */
const SECRET_PATH_HOSTS = [/^hooks\.slack\.com$/, /^discord(?:app)?\.com$/, /(?:^|\.)webhook\.office\.com$/, /^outlook\.office\.com$/, /^events\.pagerduty\.com$/, /^api\.opsgenie\.com$/, /^chat\.googleapis\.com$/];
/** A long random-looking path segment: a token, whatever the host. */
const looksLikeToken = (segment: string): boolean => segment.length >= 20 && /[0-9]/.test(segment) && /[A-Za-z]/.test(segment) && !/^[a-z-]+$/.test(segment);

export const monitoringNotify: Check = {
  name: 'monitoring-notify',
  codes: {
    FF501: 'monitoring.notify.emails has an entry that is not an e-mail address',
    FF502: 'monitoring.notify.https has an entry that is not an https:// URL SNS can deliver to',
    FF503: 'an HTTPS endpoint carries a credential (a token, key or signature); the value is never shown',
    FF504: 'monitoring.notify.topic is not the ARN of a standard SNS topic in the fleet\'s region',
    FF505: 'monitoring.notify names no destination, or a topic together with subscriptions',
  },
  run(ctx) {
    const m = obj(ctx.spec.monitoring);
    const notify = obj(m?.notify);
    if (!notify) return;
    const base: PathSegment[] = ['monitoring', 'notify'];
    list(notify.emails).forEach((e, i) => {
      if (typeof e !== 'string' || EMAIL.test(e)) return;
      const path = [...base, 'emails', i];
      ctx.report({ code: 'FF501', path, message: `${at(path)} is ${show(e)}, which is not an e-mail address`, hint: 'Write one address per entry, like oncall@example.com (no name, no angle brackets).' });
    });
    list(notify.https).forEach((u, i) => {
      if (typeof u === 'string') httpsEndpoint(ctx, u, [...base, 'https', i]);
    });
    const topic = str(notify.topic);
    if (topic !== undefined) topicArn(ctx, topic, [...base, 'topic'], str(ctx.spec.region));
    const subscriptions = ['emails', 'https'].filter((k) => notify[k] !== undefined);
    if (topic !== undefined && subscriptions.length) {
      const path = [...base, subscriptions[0]];
      ctx.report({ code: 'FF505', path, atKey: true, message: `${at(path)} is set together with ${at([...base, 'topic'])}; Fleetform subscribes addresses only to a topic it creates`, hint: 'Subscribe the addresses to the existing topic where it is managed, or remove `topic` and let Fleetform create one.' });
    } else if (topic === undefined && subscriptions.length === 0) {
      ctx.report({ code: 'FF505', path: base, atKey: true, message: `${at(base)} names no destination: alarms would change state and tell nobody`, hint: 'Add `emails: [oncall@example.com]`, `https: [...]`, or `topic: arn:aws:sns:<region>:<account>:<name>`.' });
    }
  },
};

function httpsEndpoint(ctx: CheckContext, value: string, path: PathSegment[]): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    url = null as unknown as URL;
  }
  if (!url || url.protocol !== 'https:' || !url.hostname) {
    // Before echoing anything, make sure it is not a credential in a malformed URL.
    const safe = !/[?#@]/.test(value) && !value.split('/').some(looksLikeToken);
    ctx.report({
      code: 'FF502',
      path,
      message: `${at(path)} ${safe ? `is ${show(value)}, not` : 'is not'} an https:// URL${url && url.protocol === 'http:' ? ' (SNS sends alerts in clear over http://; use https://)' : ''}`,
      hint: 'Give the full endpoint, e.g. https://alerts.example.com/sns. SNS POSTs a confirmation request to it first.',
    });
    return;
  }
  const credential = url.username || url.password
    ? 'a user name or password'
    : [...url.searchParams.keys()].some((k) => SECRET_PARAMS.test(k))
      ? 'a credential in its query string'
      : SECRET_PATH_HOSTS.some((h) => h.test(url.hostname))
        ? `a ${url.hostname} webhook path, which is itself the credential`
        : url.pathname.split('/').some((s) => looksLikeToken(decodeURIComponent(s)))
          ? 'a token in its path'
          : null;
  if (credential) {
    ctx.report({
      code: 'FF503',
      path,
      message: `${at(path)} carries ${credential}; a secret never belongs in fleet.yaml (value not shown)`,
      hint: 'Create the SNS topic and its HTTPS subscription outside this file (console, or Terraform fed from a secret store), give its ARN as `monitoring.notify.topic`, and rotate this URL: it has been committed.',
    });
  }
}

function topicArn(ctx: CheckContext, value: string, path: PathSegment[], region: string | undefined): void {
  const m = TOPIC_ARN.exec(value);
  if (!m) {
    ctx.report({ code: 'FF504', path, message: `${at(path)} is ${show(value)}, which is not an SNS topic ARN`, hint: 'Copy the topic ARN from the SNS console: arn:aws:sns:<region>:<12-digit account>:<topic name>.' });
  } else if (m[4].endsWith('.fifo')) {
    ctx.report({ code: 'FF504', path, message: `${at(path)} is a FIFO topic; CloudWatch alarm actions publish only to standard topics`, hint: 'Use a standard SNS topic for alerts.' });
  } else if (region !== undefined && m[2] !== region) {
    ctx.report({ code: 'FF504', path, message: `${at(path)} is in ${m[2]}, but the fleet (and its alarms) is in ${region}; an alarm notifies a topic in its own region`, hint: `Use a topic in ${region}, or remove \`topic\` and let Fleetform create one there.` });
  }
}
