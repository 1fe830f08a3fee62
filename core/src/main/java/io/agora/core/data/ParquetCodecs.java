package io.agora.core.data;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Page compression for Parquet without Hadoop's codec classes (which need a Hadoop configuration and native
 * Snappy): pure-Java Snappy, ZSTD and LZ4_RAW from aircompressor, GZIP from the JDK. Writes use Snappy, as pandas does.
 */
final class ParquetCodecs implements CompressionCodecFactory {
  static final ParquetCodecs INSTANCE = new ParquetCodecs();

  private ParquetCodecs() {}

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return switch (codec) {
      case UNCOMPRESSED -> new Passthrough();
      case SNAPPY -> new BlockCompressor(codec, new SnappyCompressor());
      default -> throw new UnsupportedOperationException("writing Parquet with " + codec + " is not supported (use SNAPPY)");
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return switch (codec) {
      case UNCOMPRESSED -> new Passthrough();
      case SNAPPY -> new BlockDecompressor(new SnappyDecompressor());
      case ZSTD -> new BlockDecompressor(new ZstdDecompressor());
      case LZ4_RAW -> new BlockDecompressor(new Lz4Decompressor());
      case GZIP -> new GzipDecompressor();
      default -> throw new UnsupportedOperationException(
          "Parquet compression " + codec + " is not supported (SNAPPY, ZSTD, GZIP, LZ4_RAW or none); rewrite the file with pandas' default (snappy)");
    };
  }

  @Override
  public void release() {}

  private static byte[] toArray(BytesInput bytes) throws IOException {
    byte[] a = new byte[Math.toIntExact(bytes.size())];
    try (InputStream in = bytes.toInputStream()) {
      if (in.readNBytes(a, 0, a.length) != a.length) throw new IOException("page shorter than its " + a.length + " bytes");
    }
    return a;
  }

  private static final class Passthrough implements BytesInputCompressor, BytesInputDecompressor {
    @Override
    public BytesInput compress(BytesInput bytes) {
      return bytes;
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.UNCOMPRESSED;
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) {
      return bytes;
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize) {
      ByteBuffer in = input.duplicate();
      in.limit(in.position() + compressedSize);
      output.put(in);
    }

    @Override
    public void release() {}
  }

  private static final class BlockCompressor implements BytesInputCompressor {
    private final CompressionCodecName codec;
    private final Compressor compressor;

    BlockCompressor(CompressionCodecName codec, Compressor compressor) {
      this.codec = codec;
      this.compressor = compressor;
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      byte[] in = toArray(bytes);
      byte[] out = new byte[compressor.maxCompressedLength(in.length)];
      int n = compressor.compress(in, 0, in.length, out, 0, out.length);
      return BytesInput.from(out, 0, n);
    }

    @Override
    public CompressionCodecName getCodecName() {
      return codec;
    }

    @Override
    public void release() {}
  }

  private abstract static class ArrayDecompressor implements BytesInputDecompressor {
    abstract void decompress(byte[] in, byte[] out) throws IOException;

    @Override
    public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
      byte[] out = new byte[uncompressedSize];
      decompress(toArray(bytes), out);
      return BytesInput.from(out);
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
        throws IOException {
      byte[] in = new byte[compressedSize];
      input.duplicate().get(in);
      byte[] out = new byte[uncompressedSize];
      decompress(in, out);
      output.put(out);
    }

    @Override
    public void release() {}
  }

  private static final class BlockDecompressor extends ArrayDecompressor {
    private final Decompressor decompressor;

    BlockDecompressor(Decompressor decompressor) {
      this.decompressor = decompressor;
    }

    @Override
    void decompress(byte[] in, byte[] out) throws IOException {
      int n = decompressor.decompress(in, 0, in.length, out, 0, out.length);
      if (n != out.length) throw new IOException("page decompressed to " + n + " bytes, expected " + out.length);
    }
  }

  private static final class GzipDecompressor extends ArrayDecompressor {
    @Override
    void decompress(byte[] in, byte[] out) throws IOException {
      try (InputStream s = new GZIPInputStream(new ByteArrayInputStream(in))) {
        int n = s.readNBytes(out, 0, out.length);
        if (n != out.length) throw new IOException("page decompressed to " + n + " bytes, expected " + out.length);
      }
    }
  }
}
