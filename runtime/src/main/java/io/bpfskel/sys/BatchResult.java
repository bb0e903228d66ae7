package io.bpfskel.sys;

/**
 * Outcome of one BPF_MAP_LOOKUP_BATCH / LOOKUP_AND_DELETE_BATCH call.
 *
 * @param count elements copied into the key and value arrays
 * @param done true when the map has no elements after these; the out_batch cursor is then unusable
 */
public record BatchResult(int count, boolean done) {}
