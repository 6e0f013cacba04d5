/** A file an emitter produces, relative to the build's output folder. */
export interface OutputFile {
  /** POSIX path relative to the output folder, e.g. `hosts/v100-1/proxy.cloud-config.yaml`. */
  path: string;
  content: string;
  /** File mode: 0o644, or 0o755 for scripts. */
  mode: number;
}
