package io.agora.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.junit.jupiter.api.Test;

class FeatherCodecsTest {

  private static byte[] unframe(byte[] frame) throws IOException {
    try (InputStream in = new FramedLZ4CompressorInputStream(new ByteArrayInputStream(frame))) {
      return in.readAllBytes();
    }
  }

  @Test
  void framesAreStandardLz4ThatAnotherDecoderReads() throws IOException {
    SplittableRandom r = new SplittableRandom(3);
    for (int size : new int[] {0, 1, 100, 65_535, 65_536, 65_537, 300_000}) {
      byte[] random = new byte[size];
      for (int i = 0; i < size; i++) random[i] = (byte) r.nextInt();
      byte[] repetitive = new byte[size];
      for (int i = 0; i < size; i++) repetitive[i] = (byte) (i % 8 == 0 ? i / 4096 : 0);
      assertArrayEquals(random, unframe(FeatherCodecs.frame(random)), "random, " + size + " bytes");
      byte[] frame = FeatherCodecs.frame(repetitive);
      assertArrayEquals(repetitive, unframe(frame), "repetitive, " + size + " bytes");
      if (size > 1000) assertTrue(frame.length < size / 4, "compresses: " + frame.length + " of " + size);
    }
  }
}
