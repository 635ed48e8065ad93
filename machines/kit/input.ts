/** What the runtime hands every actor when it is first created; kinds may add fields of their own. */
export interface ActorInput {
  /** full id, `kind:key` */
  id: string;
  key: string;
  /** this actor's own PRNG seed (world seed mixed with the id) */
  seed: number;
  /** virtual time of creation */
  now: number;
}
