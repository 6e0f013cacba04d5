/**
 * JSON Schemas, written here from AWS's documentation, for two documents
 * Fleetform generates and AWS only checks at apply or boot time:
 *
 * - the CloudWatch dashboard body (PutDashboard):
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
 *   `widgets` of `type`, `x` (0-23), `y`, `width` (1-24), `height` (1-1000) and
 *   `properties`, on a grid 24 units wide; per widget type the documented
 *   properties (metric, text, alarm).
 * - the CloudWatch agent configuration file, the parts Fleetform writes:
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-Configuration-File-Details.html
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Agent-NVIDIA-GPU.html
 *   Structured like the agent's own schema (translator/config/schema.json in
 *   aws/amazon-cloudwatch-agent) for `agent` and `metrics`, stricter where the
 *   documentation is: the only append_dimensions the agent supports, and the
 *   documented NVIDIA measurements.
 */
import Ajv from 'ajv';

const METRIC_WIDGET_PROPERTIES = {
  type: 'object',
  required: ['metrics', 'region'],
  additionalProperties: false,
  properties: {
    accountId: { type: 'string' },
    annotations: { type: 'object' },
    liveData: { type: 'boolean' },
    legend: { type: 'object' },
    metrics: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'array',
        minItems: 1,
        // [namespace, metric, dim, value, ..., {rendering}] or [{ expression, label, id }].
        anyOf: [
          { minItems: 2, items: [{ type: 'string' }, { type: 'string' }], additionalItems: { anyOf: [{ type: 'string' }, { $ref: '#/definitions/rendering' }] } },
          { maxItems: 1, items: [{ type: 'object', required: ['expression'], properties: { expression: { type: 'string' }, label: { type: 'string' }, id: { type: 'string', pattern: '^[a-z][A-Za-z0-9_]*$' } }, additionalProperties: false }] },
        ],
      },
    },
    period: { type: 'integer', minimum: 60, multipleOf: 60 },
    region: { type: 'string', pattern: '^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$' },
    stat: { type: 'string' },
    title: { type: 'string' },
    view: { enum: ['timeSeries', 'singleValue', 'gauge', 'bar', 'pie', 'table'] },
    stacked: { type: 'boolean' },
    sparkline: { type: 'boolean' },
    timezone: { type: 'string' },
    yAxis: { type: 'object', additionalProperties: false, properties: { left: { $ref: '#/definitions/axis' }, right: { $ref: '#/definitions/axis' } } },
    setPeriodToTimeRange: { type: 'boolean' },
  },
};

export const DASHBOARD_BODY_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['widgets'],
  additionalProperties: false,
  properties: {
    start: { type: 'string' },
    end: { type: 'string' },
    periodOverride: { enum: ['auto', 'inherit'] },
    widgets: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        required: ['type', 'properties'],
        additionalProperties: false,
        properties: {
          type: { enum: ['metric', 'text', 'log', 'alarm', 'explorer'] },
          x: { type: 'integer', minimum: 0, maximum: 23 },
          y: { type: 'integer', minimum: 0 },
          width: { type: 'integer', minimum: 1, maximum: 24 },
          height: { type: 'integer', minimum: 1, maximum: 1000 },
          properties: { type: 'object' },
        },
        allOf: [
          { if: { properties: { type: { const: 'metric' } } }, then: { properties: { properties: METRIC_WIDGET_PROPERTIES } } },
          {
            if: { properties: { type: { const: 'text' } } },
            then: { properties: { properties: { type: 'object', required: ['markdown'], additionalProperties: false, properties: { markdown: { type: 'string' }, background: { enum: ['solid', 'transparent'] } } } } },
          },
          {
            if: { properties: { type: { const: 'alarm' } } },
            then: {
              properties: {
                properties: {
                  type: 'object',
                  required: ['alarms'],
                  additionalProperties: false,
                  properties: {
                    // An alarm widget shows at most 100 alarms.
                    alarms: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string' } },
                    sortBy: { enum: ['default', 'stateUpdatedTimestamp', 'timestamp'] },
                    states: { type: 'array', items: { enum: ['ALARM', 'INSUFFICIENT_DATA', 'OK'] } },
                    title: { type: 'string' },
                  },
                },
              },
            },
          },
        ],
      },
    },
  },
  definitions: {
    rendering: {
      type: 'object',
      additionalProperties: false,
      properties: {
        accountId: { type: 'string' },
        color: { type: 'string' },
        label: { type: 'string' },
        id: { type: 'string', pattern: '^[a-z][A-Za-z0-9_]*$' },
        period: { type: 'integer' },
        region: { type: 'string' },
        stat: { type: 'string' },
        visible: { type: 'boolean' },
        yAxis: { enum: ['left', 'right'] },
      },
    },
    axis: { type: 'object', additionalProperties: false, properties: { min: { type: 'number' }, max: { type: 'number' }, label: { type: 'string' }, showUnits: { type: 'boolean' } } },
  },
};

/** Measurements the agent documents for `nvidia_gpu`. */
export const NVIDIA_MEASUREMENTS = [
  'utilization_gpu',
  'temperature_gpu',
  'power_draw',
  'utilization_memory',
  'fan_speed',
  'memory_total',
  'memory_used',
  'memory_free',
  'pcie_link_gen_current',
  'pcie_link_width_current',
  'encoder_stats_session_count',
  'encoder_stats_average_fps',
  'encoder_stats_average_latency',
  'clocks_current_graphics',
  'clocks_current_sm',
  'clocks_current_memory',
  'clocks_current_video',
];

const INTERVAL = { type: 'integer', minimum: 1, maximum: 172800 };

export const AGENT_CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['metrics'],
  properties: {
    agent: {
      type: 'object',
      additionalProperties: false,
      properties: {
        metrics_collection_interval: INTERVAL,
        logfile: { type: 'string', maxLength: 4096 },
        region: { type: 'string', minLength: 1, maxLength: 64 },
        debug: { type: 'boolean' },
        omit_hostname: { type: 'boolean' },
        run_as_user: { type: 'string' },
      },
    },
    metrics: {
      type: 'object',
      additionalProperties: false,
      required: ['metrics_collected'],
      properties: {
        namespace: { type: 'string', minLength: 1, maxLength: 255 },
        // The agent supports exactly these, with these values.
        append_dimensions: {
          type: 'object',
          maxProperties: 30,
          additionalProperties: false,
          properties: {
            ImageId: { const: '${aws:ImageId}' },
            InstanceId: { const: '${aws:InstanceId}' },
            InstanceType: { const: '${aws:InstanceType}' },
            AutoScalingGroupName: { const: '${aws:AutoScalingGroupName}' },
          },
        },
        aggregation_dimensions: {
          type: 'array',
          minItems: 1,
          maxItems: 1024,
          uniqueItems: true,
          items: { type: 'array', maxItems: 30, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 1024 } },
        },
        force_flush_interval: INTERVAL,
        metrics_collected: {
          type: 'object',
          minProperties: 1,
          additionalProperties: false,
          properties: {
            nvidia_gpu: {
              type: 'object',
              additionalProperties: false,
              required: ['measurement'],
              properties: {
                measurement: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: NVIDIA_MEASUREMENTS } },
                metrics_collection_interval: INTERVAL,
              },
            },
          },
        },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
const dashboard = ajv.compile(DASHBOARD_BODY_SCHEMA);
const agent = ajv.compile(AGENT_CONFIG_SCHEMA);

/** Schema errors of a dashboard body, as readable lines (empty when valid). */
export function dashboardBodyErrors(body: unknown): string[] {
  return dashboard(body) ? [] : (dashboard.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Schema errors of an agent configuration. */
export function agentConfigErrors(config: unknown): string[] {
  return agent(config) ? [] : (agent.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
