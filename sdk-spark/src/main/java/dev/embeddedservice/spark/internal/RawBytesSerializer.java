package dev.embeddedservice.spark.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.spark.serializer.DeserializationStream;
import org.apache.spark.serializer.SerializationStream;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.serializer.SerializerInstance;
import scala.reflect.ClassTag;

/**
 * The serializer of the plan's shuffles ({@link ByteShuffle}), whose records are byte arrays, each
 * the key of a pair with no value: a record is its length (4 bytes) and its bytes, and the value is
 * nothing at all. Kryo, the next cheapest, spent more time creating its instances and writing class
 * ids than this spends on the bytes. Anything but a byte array, or a non-null value, is refused.
 */
final class RawBytesSerializer extends Serializer implements Serializable {

    private static final long serialVersionUID = 1L;

    @Override
    public SerializerInstance newInstance() {
        return new Instance();
    }

    /**
     * True: a record's bytes stand alone (no stream header, no back references), so Spark's
     * serialized shuffle may sort and concatenate them, which it does past 200 partitions.
     */
    @Override
    public boolean supportsRelocationOfSerializedObjects() {
        return true;
    }

    private static byte[] bytes(Object o) {
        if (o instanceof byte[] b) {
            return b;
        }
        throw new IllegalArgumentException("this serializer writes byte arrays only, not "
                + (o == null ? "null" : o.getClass().getName()));
    }

    private static final class Instance extends SerializerInstance {

        @Override
        public <T> ByteBuffer serialize(T t, ClassTag<T> tag) {
            byte[] b = bytes(t);
            return ByteBuffer.wrap(Arrays.copyOf(b, b.length));
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T deserialize(ByteBuffer buffer, ClassTag<T> tag) {
            byte[] b = new byte[buffer.remaining()];
            buffer.get(b);
            return (T) b;
        }

        @Override
        public <T> T deserialize(ByteBuffer buffer, ClassLoader loader, ClassTag<T> tag) {
            return deserialize(buffer, tag);
        }

        @Override
        public SerializationStream serializeStream(OutputStream s) {
            return new Out(new DataOutputStream(s));
        }

        @Override
        public DeserializationStream deserializeStream(InputStream s) {
            return new In(new DataInputStream(s));
        }
    }

    private static final class Out extends SerializationStream {
        private final DataOutputStream out;

        Out(DataOutputStream out) {
            this.out = out;
        }

        @Override
        public <T> SerializationStream writeObject(T t, ClassTag<T> tag) {
            byte[] b = bytes(t);
            try {
                out.writeInt(b.length);
                out.write(b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        @Override
        public <T> SerializationStream writeValue(T t, ClassTag<T> tag) {
            if (t != null) {
                throw new IllegalArgumentException("the records of this shuffle have no value");
            }
            return this;
        }

        @Override
        public void flush() {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class In extends DeserializationStream {
        private final DataInputStream in;

        In(DataInputStream in) {
            this.in = in;
        }

        /**
         * The next record. At the end of the stream, an {@link EOFException}, which Spark's iterators
         * take as the end; a record cut short is an error, never a quiet end.
         */
        @Override
        @SuppressWarnings("unchecked")
        public <T> T readObject(ClassTag<T> tag) {
            int first;
            try {
                first = in.read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (first < 0) {
                throw sneaky(new EOFException());
            }
            try {
                int length = first << 24 | in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
                byte[] b = new byte[length];
                in.readFully(b);
                return (T) b;
            } catch (IOException e) {
                throw new UncheckedIOException("a shuffled record is cut short", e);
            }
        }

        @Override
        public <T> T readValue(ClassTag<T> tag) {
            return null;
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Throws a checked exception unchecked: Spark's Scala callers catch the EOFException itself. */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
