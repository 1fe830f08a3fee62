package io.agora.core.data;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * One root allocator for all Feather reads and writes. Each file gets a child allocator that is closed with it,
 * so a leak shows up as an exception naming the file rather than as slowly growing off-heap memory.
 */
final class ArrowMemory {
  private static final RootAllocator ROOT = new RootAllocator(Long.MAX_VALUE);

  private ArrowMemory() {}

  static BufferAllocator forFile(String name) {
    return ROOT.newChildAllocator(name, 0, Long.MAX_VALUE);
  }
}
