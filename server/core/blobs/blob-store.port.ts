/** A SHA-256 hex digest: the key of every stored object. */
export type Sha256 = string;
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

export interface StoredBlob {
  sha256: Sha256;
  bytes: number;
  /** False when identical content was already stored (content addressing deduplicates). */
  created: boolean;
}

/**
 * Port: originals and derivatives, content-addressed by SHA-256, kept byte for byte, never overwritten.
 * A write is atomic: a reader sees the whole object or nothing.
 */
export interface BlobStore {
  put(content: AsyncIterable<Uint8Array> | Uint8Array): Promise<StoredBlob>;
  /** The object's bytes as a stream, or null if absent. */
  open(sha256: Sha256): Promise<{ bytes: number; stream: AsyncIterable<Uint8Array> } | null>;
  has(sha256: Sha256): Promise<boolean>;
  /** Removes an object (destruction only). Removing an absent object is not an error. */
  delete(sha256: Sha256): Promise<void>;
}
