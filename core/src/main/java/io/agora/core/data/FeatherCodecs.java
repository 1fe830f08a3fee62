package io.agora.core.data;

import io.airlift.compress.lz4.Lz4Compressor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.compression.Lz4CompressionCodec;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.commons.compress.compressors.lz4.XXHash32;

/**
 * Arrow buffer codecs for Feather files. Arrow Java's LZ4_FRAME compressor (commons-compress) slows down
 * quadratically with the buffer size (a year of 5m candles took minutes), so compression uses aircompressor's LZ4
 * block compressor in a standard LZ4 frame of independent 64 KiB blocks, as liblz4 writes by default.
 * Decompression stays with commons-compress, which reads every frame variant (linked blocks, checksums).
 */
final class FeatherCodecs implements CompressionCodec.Factory {
  static final FeatherCodecs INSTANCE = new FeatherCodecs();

  private static final int FRAME_MAGIC = 0x184D2204;
  private static final int BLOCK = 64 * 1024;
  /** Version 01, independent blocks, no block or content checksums, no content size, no dictionary. */
  private static final byte FLG = 0b0110_0000;
  /** Maximum block size 64 KiB. */
  private static final byte BD = 0b0100_0000;

  private FeatherCodecs() {}

  @Override
  public CompressionCodec createCodec(CompressionUtil.CodecType type) {
    return switch (type) {
      case LZ4_FRAME -> new Lz4Frame();
      case NO_COMPRESSION -> NoCompressionCodec.INSTANCE;
      default -> CommonsCompressionFactory.INSTANCE.createCodec(type);
    };
  }

  @Override
  public CompressionCodec createCodec(CompressionUtil.CodecType type, int level) {
    return type == CompressionUtil.CodecType.ZSTD ? CommonsCompressionFactory.INSTANCE.createCodec(type, level) : createCodec(type);
  }

  /** Arrow's LZ4 codec with a linear-time compressor. */
  private static final class Lz4Frame extends Lz4CompressionCodec {
    @Override
    protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf uncompressed) {
      long size = uncompressed.writerIndex();
      if (size > Integer.MAX_VALUE - 1024) throw new IllegalArgumentException("Arrow buffer too large to compress: " + size);
      byte[] src = new byte[(int) size];
      uncompressed.getBytes(0, src);
      byte[] frame = frame(src);
      int prefix = (int) CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;
      ArrowBuf out = allocator.buffer(prefix + frame.length);
      out.setBytes(prefix, frame);
      out.writerIndex(prefix + frame.length);
      return out;
    }
  }

  /** {@code src} as one LZ4 frame. */
  static byte[] frame(byte[] src) {
    Lz4Compressor lz4 = new Lz4Compressor();
    int blocks = (src.length + BLOCK - 1) / BLOCK;
    ByteBuffer out =
        ByteBuffer.allocate(7 + blocks * (4 + lz4.maxCompressedLength(BLOCK)) + 4).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(FRAME_MAGIC).put(FLG).put(BD);
    XXHash32 hash = new XXHash32();
    hash.update(new byte[] {FLG, BD}, 0, 2);
    out.put((byte) (hash.getValue() >>> 8));
    byte[] buf = out.array();
    for (int off = 0; off < src.length; off += BLOCK) {
      int len = Math.min(BLOCK, src.length - off);
      int sizeAt = out.position();
      int n = lz4.compress(src, off, len, buf, sizeAt + 4, buf.length - sizeAt - 4);
      if (n < len) {
        out.putInt(sizeAt, n);
        out.position(sizeAt + 4 + n);
      } else {
        // incompressible: stored raw, flagged by the high bit of the size
        out.putInt(sizeAt, len | 0x8000_0000);
        out.position(sizeAt + 4);
        out.put(src, off, len);
      }
    }
    out.putInt(0); // end mark
    byte[] frame = new byte[out.position()];
    System.arraycopy(buf, 0, frame, 0, frame.length);
    return frame;
  }
}
