/**
 * What must never reach a pull-request comment, which every reader of the
 * repository sees: values Terraform marks sensitive, wherever else they show
 * up (Terraform does not carry the mark to every value derived from one, nor
 * into addresses, import IDs or longer strings that embed it), and AWS
 * account IDs.
 *
 * The plan comment applies `redactor()` to every piece of data it writes
 * (markdown.ts calls it on data parts only), and values.ts asks
 * `SensitiveText.covers` to mask a whole attribute value before it is cut
 * short for display (a cut could otherwise leave half a secret).
 */

/** What a masked sensitive value reads as. */
export const SENSITIVE = '(sensitive value)';

/**
 * Shorter sensitive values are masked only where a whole value equals them:
 * masking every string that merely contains `80` or `abc` would hide most of
 * the plan, and the pattern of masks would point at the secret.
 */
export const MIN_EMBEDDED_LENGTH = 4;

/** The sensitive strings of a plan, with fast "is it / does it contain one" questions. */
export class SensitiveText {
  private readonly exact: ReadonlySet<string>;
  private readonly embedded: RegExp | null;

  constructor(values: Iterable<string>) {
    const all = [...values].filter((v) => v !== '');
    this.exact = new Set(all);
    // A value also appears JSON-escaped when it sits inside a JSON document
    // held in a string (a policy, a container definition).
    const forms = new Set<string>();
    for (const v of all) {
      if (v.length < MIN_EMBEDDED_LENGTH) continue;
      forms.add(v);
      forms.add(JSON.stringify(v).slice(1, -1));
    }
    // Longest first, so a secret that contains another is masked whole.
    const sorted = [...forms].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
    this.embedded = sorted.length ? new RegExp(sorted.map(escapeRegExp).join('|'), 'g') : null;
  }

  /** Whether the text is a sensitive value or contains one long enough to be told apart. */
  covers(s: string): boolean {
    if (this.exact.has(s)) return true;
    if (!this.embedded) return false;
    this.embedded.lastIndex = 0;
    return this.embedded.test(s);
  }

  /** The text with every sensitive value in it masked. */
  redact(s: string): string {
    if (this.exact.has(s)) return SENSITIVE;
    return this.embedded ? s.replace(this.embedded, SENSITIVE) : s;
  }
}

export const NO_SENSITIVE = new SensitiveText([]);

/** What an account ID reads as in the comment. */
export const ACCOUNT_MASK = '<account>';

/**
 * Account IDs in the positions they are known to take:
 *  - the fifth field of an ARN, `arn:partition:service:region:account-id:resource`
 *    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html);
 *  - an ECR registry host, `<account-id>.dkr.ecr.<region>.amazonaws.com`
 *    (https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html);
 *  - a bare 12-digit number right after a name that says it is an account or
 *    an owner (`owner_id = "…"`, `"AWS": "…"`, `"aws:SourceAccount": "…"`).
 */
const ARN_ACCOUNT = /\b(arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:)(\d{12})(?=:|\/|$)/g;
const ECR_HOST = /(?<![0-9A-Za-z])(\d{12})(?=\.dkr\.ecr[.-])/g;
const NAMED_ACCOUNT = /((?:account|owner|principal|\baws\b)[^0-9\n]{0,16}?)(?<![0-9A-Za-z])(\d{12})(?![0-9A-Za-z])/gi;

export function maskAccountIds(s: string): string {
  // Most data holds no 12-digit run: skip the three patterns then.
  if (!/\d{12}/.test(s)) return s;
  return s.replace(ARN_ACCOUNT, `$1${ACCOUNT_MASK}`).replace(ECR_HOST, ACCOUNT_MASK).replace(NAMED_ACCOUNT, `$1${ACCOUNT_MASK}`);
}

/** A bare account ID, for values whose name (an output called `account_id`) says what they are. */
export function maskBareAccountId(s: string): string {
  return s.replace(/(?<![0-9A-Za-z])\d{12}(?![0-9A-Za-z])/g, ACCOUNT_MASK);
}

export interface RedactOptions {
  /** Show AWS account IDs (hidden by default). */
  showAccountIds?: boolean;
}

/** The function every piece of data in the comment passes through. */
export function redactor(sensitive: SensitiveText, opts: RedactOptions = {}): (s: string) => string {
  return opts.showAccountIds ? (s) => sensitive.redact(s) : (s) => maskAccountIds(sensitive.redact(s));
}

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
