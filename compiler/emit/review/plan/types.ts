/**
 * The parts of Terraform's JSON plan representation (`terraform show -json
 * PLANFILE`) that the plan comment reads. Field names and meanings follow
 * HashiCorp's "JSON Output Format" document
 * (https://developer.hashicorp.com/terraform/internals/json-format):
 * format_version "1.x"; `resource_changes` and `resource_drift` hold change
 * representations; `output_changes` maps output names to changes.
 *
 * Per that document, consumers must ignore properties they do not know (minor
 * versions add them) and reject an unsupported major version: `parsePlan`
 * does both.
 */

/**
 * The actions of a change. Terraform writes: ["no-op"], ["create"], ["read"],
 * ["update"], ["delete", "create"] (replace, destroy first),
 * ["create", "delete"] (replace, create_before_destroy), ["delete"], and
 * since 1.7 ["forget"] (removed from state, left running).
 */
export type TfAction = 'no-op' | 'create' | 'read' | 'update' | 'delete' | 'forget';

/** A change representation: values before and after, with unknown and sensitive markers. */
export interface TfChange {
  actions: TfAction[];
  /** The prior value; null when creating. */
  before: unknown;
  /** The planned value; null when deleting. Unknown parts are absent and marked in `after_unknown`. */
  after: unknown;
  /** Mirrors `after`: `true` where the value is only known after apply. */
  after_unknown?: unknown;
  /** Mirrors `before`: `true` where the value is sensitive. */
  before_sensitive?: unknown;
  /** Mirrors `after`: `true` where the value is sensitive. */
  after_sensitive?: unknown;
  /** For replacements: attribute paths (arrays of keys and indexes) that forced it. */
  replace_paths?: (string | number)[][];
  /** Present when the resource is being imported (Terraform 1.5+). */
  importing?: { id?: string };
}

export interface TfResourceChange {
  address: string;
  /** Set when the resource moved (a `moved` block) from this address. */
  previous_address?: string;
  module_address?: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: string | number;
  /** Set for deposed objects left by a failed create_before_destroy. */
  deposed?: string;
  change: TfChange;
  /**
   * Why this action was chosen, e.g. `replace_because_cannot_update`,
   * `replace_because_tainted`, `replace_by_request`, `replace_by_triggers`,
   * `delete_because_no_resource_config`, `delete_because_count_index`,
   * `delete_because_each_key`, `delete_because_no_module`,
   * `delete_because_wrong_repetition`, `delete_because_no_move_target`,
   * `read_because_config_unknown`, `read_because_dependency_pending`,
   * `read_because_check_nested`.
   */
  action_reason?: string;
}

export interface TfOutputChange {
  actions: TfAction[];
  before: unknown;
  after: unknown;
  after_unknown?: unknown;
  /** Outputs are sensitive as a whole: these are booleans for outputs. */
  before_sensitive?: unknown;
  after_sensitive?: unknown;
}

/** A validated plan: the fields the renderer uses, with defaults filled in. */
export interface TfPlan {
  formatVersion: string;
  terraformVersion: string | null;
  /** Changes Terraform will make. */
  resourceChanges: TfResourceChange[];
  /** Changes detected outside Terraform since the last apply (the refresh). */
  resourceDrift: TfResourceChange[];
  outputChanges: Record<string, TfOutputChange>;
  /** True when planning failed part-way; the changes listed are incomplete. */
  errored: boolean;
  /**
   * Every string that is sensitive somewhere in the plan (a marked leaf of any
   * change or output, or a variable declared sensitive). Terraform does not
   * always carry sensitivity to values derived from a sensitive one (seen with
   * Terraform 1.11: `terraform_data.output` from a sensitive `input` is
   * unmarked in `before`), so the same text is masked wherever it appears.
   */
  sensitiveValues: ReadonlySet<string>;
}
