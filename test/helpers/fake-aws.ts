/**
 * A small fake of the few AWS read APIs a generated stack's data sources call
 * during `terraform plan`, on loopback only. Every provider endpoint points
 * here (see terraform-offline.ts); anything it does not know is answered with
 * an error naming the call, recorded in `unknown`, so a test fails loudly
 * with the action name instead of a provider timeout.
 *
 * It also serves as the HTTP(S) proxy of the Terraform process: a request
 * for a host that no endpoint override covers arrives as `CONNECT host:443`
 * and is refused and recorded, so no call can leak to the real AWS.
 *
 * Protocols (https://smithy.io/2.0/aws/protocols/): STS and EC2 speak the
 * query protocol (form-encoded `Action=...`, XML answers); SSM speaks
 * awsJson1_1 (`X-Amz-Target: AmazonSSM.<Action>`, JSON answers). The service
 * is read from the SigV4 credential scope of the Authorization header.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAwsOptions {
  /** The account every answer belongs to. */
  accountId?: string;
  /** Elastic IPs that exist (DescribeAddresses). */
  addresses?: { allocationId: string; publicIp: string }[];
  /** SSM String parameters (GetParameter), name -> value. */
  parameters?: Record<string, string>;
  /** Machine images (DescribeImages), image ID -> root device name. */
  images?: Record<string, string>;
}

export interface FakeAwsCall {
  service: string;
  action: string;
  region: string;
}

export interface FakeAws {
  /** `http://127.0.0.1:<port>`: the endpoint for every service, and the proxy. */
  url: string;
  /** Every call answered, in order. */
  calls: FakeAwsCall[];
  /** Calls the fake has no answer for (`service:Action`) and hosts that bypassed the endpoints (`CONNECT host`). */
  unknown: string[];
  close(): Promise<void>;
}

export const FAKE_ACCOUNT_ID = '123456789012';

type Answer = { status: number; contentType: string; body: string };
type Handler = (params: URLSearchParams | Record<string, unknown>, call: FakeAwsCall) => Answer;

const xml = (body: string, status = 200): Answer => ({ status, contentType: 'text/xml', body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` });
const json = (body: unknown, status = 200): Answer => ({ status, contentType: 'application/x-amz-json-1.1', body: JSON.stringify(body) });
const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `Name.1`, `Name.2`, ... of a query-protocol list parameter. */
function queryList(params: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${name}.${i}`); i++) out.push(params.get(`${name}.${i}`)!);
  return out;
}

/** Values of EC2 `Filter.N.Name=<name>` / `Filter.N.Value.M`. */
function ec2Filter(params: URLSearchParams, name: string): string[] | null {
  for (let i = 1; params.has(`Filter.${i}.Name`); i++) {
    if (params.get(`Filter.${i}.Name`) === name) return queryList(params, `Filter.${i}.Value`);
  }
  return null;
}

function handlers(opts: Required<FakeAwsOptions>): Record<string, Handler> {
  const account = opts.accountId;
  return {
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
    'sts:GetCallerIdentity': () =>
      xml(
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
          `<Arn>arn:aws:iam::${account}:user/fleetform-offline-test</Arn><UserId>AIDAFLEETFORMOFFLINE</UserId><Account>${account}</Account>` +
          `</GetCallerIdentityResult><ResponseMetadata><RequestId>fake-sts</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
      ),
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAddresses.html
    'ec2:DescribeAddresses': (p, call) => {
      const params = p as URLSearchParams;
      const wanted = [...queryList(params, 'AllocationId'), ...(ec2Filter(params, 'allocation-id') ?? [])];
      const found = opts.addresses.filter((a) => wanted.length === 0 || wanted.includes(a.allocationId));
      const items = found
        .map(
          (a) =>
            `<item><publicIp>${escapeXml(a.publicIp)}</publicIp><allocationId>${escapeXml(a.allocationId)}</allocationId><domain>vpc</domain>` +
            `<publicIpv4Pool>amazon</publicIpv4Pool><networkBorderGroup>${escapeXml(call.region)}</networkBorderGroup><tagSet/></item>`,
        )
        .join('');
      return xml(`<DescribeAddressesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fake-ec2</requestId><addressesSet>${items}</addressesSet></DescribeAddressesResponse>`);
    },
    // data.aws_eip reads the reverse-DNS record too.
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAddressesAttribute.html
    'ec2:DescribeAddressesAttribute': (p) => {
      const wanted = queryList(p as URLSearchParams, 'AllocationId');
      const items = opts.addresses
        .filter((a) => wanted.includes(a.allocationId))
        .map((a) => `<item><allocationId>${escapeXml(a.allocationId)}</allocationId><publicIp>${escapeXml(a.publicIp)}</publicIp></item>`)
        .join('');
      return xml(`<DescribeAddressesAttributeResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fake-ec2</requestId><addressSet>${items}</addressSet></DescribeAddressesAttributeResponse>`);
    },
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeImages.html
    'ec2:DescribeImages': (p) => {
      const params = p as URLSearchParams;
      const wanted = [...queryList(params, 'ImageId'), ...(ec2Filter(params, 'image-id') ?? [])];
      const items = wanted
        .filter((id) => id in opts.images)
        .map(
          (id) =>
            `<item><imageId>${escapeXml(id)}</imageId><imageLocation>fake/${escapeXml(id)}</imageLocation><imageState>available</imageState>` +
            `<imageOwnerId>${account}</imageOwnerId><creationDate>2026-01-01T00:00:00.000Z</creationDate><isPublic>false</isPublic>` +
            `<architecture>x86_64</architecture><imageType>machine</imageType><name>${escapeXml(id)}</name><rootDeviceType>ebs</rootDeviceType>` +
            `<rootDeviceName>${escapeXml(opts.images[id])}</rootDeviceName><virtualizationType>hvm</virtualizationType><hypervisor>xen</hypervisor>` +
            `<blockDeviceMapping><item><deviceName>${escapeXml(opts.images[id])}</deviceName><ebs><snapshotId>snap-0123456789abcdef0</snapshotId>` +
            `<volumeSize>64</volumeSize><deleteOnTermination>true</deleteOnTermination><volumeType>gp3</volumeType><encrypted>false</encrypted></ebs></item></blockDeviceMapping></item>`,
        )
        .join('');
      return xml(`<DescribeImagesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fake-ec2</requestId><imagesSet>${items}</imagesSet></DescribeImagesResponse>`);
    },
    // https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
    'ssm:GetParameter': (p, call) => {
      const name = String((p as Record<string, unknown>).Name ?? '');
      if (!(name in opts.parameters)) return json({ __type: 'ParameterNotFound', message: `fake AWS: no parameter ${name}` }, 400);
      return json({
        Parameter: {
          Name: name,
          Type: 'String',
          Value: opts.parameters[name],
          Version: 1,
          DataType: 'aws:ec2:image',
          ARN: `arn:aws:ssm:${call.region}:${account}:parameter${name.startsWith('/') ? '' : '/'}${name}`,
          LastModifiedDate: 1767225600,
        },
      });
    },
  };
}

/** The SigV4 credential scope: `.../<date>/<region>/<service>/aws4_request`. */
function scopeOf(req: http.IncomingMessage): { region: string; service: string } {
  const m = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(String(req.headers.authorization ?? ''));
  return m ? { region: m[1], service: m[2] } : { region: 'unknown', service: 'unsigned' };
}

function unknownAnswer(service: string, action: string, json1: boolean): Answer {
  const message = `fake AWS has no answer for ${service}:${action}; add it to test/helpers/fake-aws.ts if the stack really needs it`;
  // A 400 with a non-throttling code is not retried by the SDK, so the plan fails at once.
  return json1 ? json({ __type: 'FakeAwsUnknownAction', message }, 400) : xml(`<ErrorResponse><Error><Type>Sender</Type><Code>FakeAwsUnknownAction</Code><Message>${escapeXml(message)}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`, 400);
}

/** Start the fake on an ephemeral loopback port. */
export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  const opts: Required<FakeAwsOptions> = { accountId: FAKE_ACCOUNT_ID, addresses: [], parameters: {}, images: {}, ...options };
  const table = handlers(opts);
  const calls: FakeAwsCall[] = [];
  const unknown: string[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const { region, service } = scopeOf(req);
      const target = req.headers['x-amz-target'];
      const json1 = typeof target === 'string';
      let action: string;
      let params: URLSearchParams | Record<string, unknown>;
      if (json1) {
        action = target.split('.').pop() ?? target;
        try {
          params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
        } catch {
          params = {};
        }
      } else {
        const q = new URLSearchParams(body || (req.url ?? '').split('?')[1] || '');
        action = q.get('Action') ?? `${req.method} ${req.url}`;
        params = q;
      }
      const call = { service, action, region };
      const handler = table[`${service}:${action}`];
      let answer: Answer;
      if (handler) {
        calls.push(call);
        answer = handler(params, call);
      } else {
        unknown.push(`${service}:${action}`);
        answer = unknownAnswer(service, action, json1);
      }
      res.writeHead(answer.status, { 'content-type': answer.contentType, 'x-amzn-requestid': 'fake' });
      res.end(answer.body);
    });
  });
  // A client configured with this server as its proxy asks for any host not overridden.
  server.on('connect', (req: http.IncomingMessage, socket) => {
    unknown.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    unknown,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
