/**
 * Root device names of machine images. A launch template's root volume
 * settings (size, encryption) apply only when its device name matches the
 * image's root device; a wrong name silently adds a second volume and leaves
 * the root unencrypted. The default image families are known; anything else
 * is looked up at plan time from the image itself.
 */
import { Construct } from 'constructs';
import { DataAwsAmi } from '@cdktf/provider-aws/lib/data-aws-ami';
import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import type { AmiRef } from '../../model/fleet';

/** SSM parameter prefixes of public image families and their root device. */
const KNOWN_FAMILIES: [prefix: string, device: string][] = [
  ['/aws/service/ami-amazon-linux-latest/', '/dev/xvda'],
  ['/aws/service/al2023/', '/dev/xvda'],
  ['/aws/service/canonical/ubuntu/', '/dev/sda1'],
  ['/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-ubuntu-', '/dev/sda1'],
  ['/aws/service/deeplearning/ami/arm64/base-oss-nvidia-driver-gpu-ubuntu-', '/dev/sda1'],
];

/** The root device name of `ami`: a literal for known families, else a plan-time lookup. */
export function rootDeviceName(scope: Construct, id: string, ami: AmiRef): string {
  if (ami.kind === 'ssm') {
    const known = KNOWN_FAMILIES.find(([prefix]) => ami.parameter.startsWith(prefix));
    if (known) return known[1];
  }
  const existing = scope.node.tryFindChild(id);
  if (existing instanceof DataAwsAmi) return existing.rootDeviceName;
  const imageId =
    ami.kind === 'id'
      ? ami.id
      : // AMI parameters are plain String parameters, never SecureString.
        new DataAwsSsmParameter(scope, `${id}-parameter`, { name: ami.parameter }).insecureValue;
  return new DataAwsAmi(scope, id, { filter: [{ name: 'image-id', values: [imageId] }] }).rootDeviceName;
}

/** A construct ID for an image, stable and distinct per image. */
export function imageId(ami: AmiRef): string {
  const raw = ami.kind === 'id' ? ami.id : ami.parameter;
  return `image-${raw.replace(/[^A-Za-z0-9-]/g, '-').replace(/^-+/, '')}`;
}
