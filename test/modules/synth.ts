/**
 * Test helpers for constructs: put a construct in a bare Fleetform stack,
 * synthesize in-process, and read resources back by type. Each construct is
 * tested alone, the way a user of modules/ would use it.
 */
import { Construct } from 'constructs';
import { FleetStack } from '../../modules/fleet-stack';

export type Json = Record<string, any>;

/** Build `fn`'s constructs in a stack and return the Terraform JSON (with the validation messages). */
export function synth(fn: (stack: FleetStack) => void): { tf: Json; problems: string[] } {
  const root = new Construct(undefined as unknown as Construct, '');
  const stack = new FleetStack(root, 'test', { region: 'eu-west-1' });
  fn(stack);
  const problems = stack.node.findAll().flatMap((c) => c.node.validate());
  return { tf: JSON.parse(JSON.stringify(stack.toTerraform())), problems };
}

/** Resources of one type, by logical name. */
export function resources(tf: Json, type: string): Record<string, Json> {
  return tf.resource?.[type] ?? {};
}

/** The only resource of a type; fails if there is not exactly one. */
export function only(tf: Json, type: string): Json {
  const all = Object.values(resources(tf, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** `${aws_x.name.attr}` for the resource `type.name`. */
export function ref(type: string, name: string, attr: string): string {
  return `\${${type}.${name}.${attr}}`;
}

/** Logical name of the resource of `type` whose attributes satisfy `pred`. */
export function nameOf(tf: Json, type: string, pred: (r: Json) => boolean): string {
  const hit = Object.entries(resources(tf, type)).find(([, r]) => pred(r));
  if (!hit) throw new Error(`no ${type} matches`);
  return hit[0];
}
