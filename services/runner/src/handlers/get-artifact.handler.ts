import { type CallContext, invalidArgument, notFound, type StreamWriter } from '@superagent/grpc';
import type { runner } from '@superagent/proto';
import { type ArtifactStore, isArtifactId } from '../store/artifact-store';
import { toArtifactRef } from './run-spec.mapper';

const CHUNK_BYTES = 64 * 1024;

/** GetArtifact: metadata in the first message, then the bytes in 64 KiB chunks (with backpressure). */
export function getArtifactHandler(store: ArtifactStore) {
  return async (
    req: runner.GetArtifactRequest,
    ctx: CallContext & StreamWriter<runner.GetArtifactResponse>,
  ): Promise<void> => {
    if (req.id === '') throw invalidArgument('id', 'is required');
    if (!isArtifactId(req.id)) throw invalidArgument('id', 'is not an artifact id');
    const artifact = store.get(req.id);
    if (!artifact) throw notFound(`artifact ${req.id}`);
    let first = true;
    const stream = store.read(artifact, CHUNK_BYTES);
    try {
      for await (const chunk of stream) {
        await ctx.write({ chunk: chunk as Buffer, artifact: first ? toArtifactRef(artifact) : undefined });
        first = false;
      }
      if (first) await ctx.write({ chunk: Buffer.alloc(0), artifact: toArtifactRef(artifact) });
    } catch (err) {
      // Evicted (size cap, TTL) between the lookup and the read.
      if (first && err instanceof Error && 'code' in err && err.code === 'ENOENT')
        throw notFound(`artifact ${req.id}`);
      throw err;
    } finally {
      stream.destroy();
    }
  };
}
