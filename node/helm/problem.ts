/** Why helm could not be run at all (as opposed to helm running and failing). */
export type HelmProblemKind = 'missing' | 'not-executable' | 'invalid-input';

export class HelmProblem extends Error {
  constructor(
    readonly kind: HelmProblemKind,
    message: string,
  ) {
    super(message);
    this.name = 'HelmProblem';
  }
}
