/**
 * The three clocks that watch a new pool instance load its model, derived
 * from one value (`pools[].health_grace`) so they cannot disagree:
 *
 *   bootWait     the boot script polls the health paths this long, then
 *                completes the launch lifecycle hook with ABANDON;
 *   hookTimeout  the hook's heartbeat: Auto Scaling abandons the launch on
 *                its own this long after it started, covering a boot script
 *                that died, plus the boot and image pull before its clock;
 *   applyTimeout `wait_for_capacity_timeout`: how long `terraform apply`
 *                waits for the group's instances to be InService.
 *
 * bootWait < hookTimeout < applyTimeout, always: an apply that gave up before
 * the hook could still be answered would fail and taint a group whose
 * instances were merely loading a large model (the provider's default is
 * 10 minutes), and the next apply would replace the group.
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/lifecycle-hooks.html
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/autoscaling_group#wait_for_capacity_timeout
 */
import type { Readiness } from '../model/fleet';

/** Boot and image pull before the script's clock starts, and a script that died. */
export const HOOK_MARGIN = 600;
/** Launching the instance and Auto Scaling acting on the hook's result. */
export const APPLY_MARGIN = 600;
/** The longest heartbeat a lifecycle hook accepts, seconds. */
export const MAX_HOOK_TIMEOUT = 7200;

export function readiness(healthGrace: number): Readiness {
  const bootWait = Math.min(healthGrace, MAX_HOOK_TIMEOUT - HOOK_MARGIN);
  const hookTimeout = bootWait + HOOK_MARGIN;
  return { bootWait, hookTimeout, applyTimeout: hookTimeout + APPLY_MARGIN };
}
