package dev.embeddedservice.spark.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One input partition's row answers, each put in the place of its row's index as the trip back
 * delivers them, in whatever order: a linear placement where a sort would compare boxed positions
 * (it was a quarter of the executors' time). Answers are copied, length first, into pages of
 * {@value #PAGE} bytes; an index table holds one long per row, the answer's address + 1 (0: no
 * answer). The first pages, up to {@code memoryBytes}, stay on the heap; later ones are written to
 * a temporary file and read back from it, so a partition of any size fits in a bounded heap. Not
 * thread-safe: one task uses it. The file is opened delete-on-close (on Linux its name is gone at
 * once, so even a killed executor leaves nothing behind); {@link #close()} releases it.
 */
final class RowAnswers implements Closeable {

    /** A page's size (under G1's humongous-object size, so pages are allocated as cheaply as any array); an answer never spans two pages. */
    static final int PAGE = 1 << 18;
    private static final int LENGTH = 4;
    /** Enough for a whole answer in one read of a spilled page, almost always. */
    private static final int READ_AHEAD = 256;

    private final int memoryPages;
    private final Path spillDir;
    private final List<byte[]> pages = new ArrayList<>();
    private long[] slots = new long[1024];
    private long count;
    private byte[] page;
    private int pageIndex = -1;
    private int pageEnd = PAGE;
    private FileChannel spill;
    private Path spillFile;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_AHEAD);

    /**
     * @param memoryBytes the heap the pages may take before later ones go to a file
     * @param spillDir    where that file is created (an executor's {@code java.io.tmpdir} is on its local disk)
     */
    RowAnswers(long memoryBytes, Path spillDir) {
        this.memoryPages = (int) Math.max(1, Math.min(Integer.MAX_VALUE, memoryBytes / PAGE));
        this.spillDir = spillDir;
    }

    /** Puts {@code answer} in the place of row {@code index}; a second answer for one row is an error. */
    void put(long index, byte[] answer) {
        if (index < 0 || index >= Positions.MAX_ROWS) {
            throw new IllegalStateException("row index " + index + " is outside an input partition's range; "
                    + "repartition the input into more partitions");
        }
        if (answer.length > PAGE - LENGTH) {
            throw new IllegalStateException("an answer of " + answer.length + " bytes is longer than "
                    + (PAGE - LENGTH) + " bytes");
        }
        int i = (int) index;
        if (i >= slots.length) {
            slots = Arrays.copyOf(slots, (int) Math.min(Positions.MAX_ROWS, Math.max(i + 1L, 2L * slots.length)));
        }
        if (slots[i] != 0) {
            throw new IllegalStateException("two answers arrived for row " + index + " of one partition");
        }
        if (pageEnd + LENGTH + answer.length > PAGE) {
            nextPage();
        }
        slots[i] = (long) pageIndex * PAGE + pageEnd + 1;
        ResultCodec.putInt(page, pageEnd, answer.length);
        System.arraycopy(answer, 0, page, pageEnd + LENGTH, answer.length);
        pageEnd += LENGTH + answer.length;
        count++;
    }

    /** The answer of row {@code index}, or null when it has none. */
    byte[] get(long index) {
        if (index < 0 || index >= slots.length || slots[(int) index] == 0) {
            return null;
        }
        long address = slots[(int) index] - 1;
        int p = (int) (address / PAGE);
        int offset = (int) (address % PAGE);
        if (p == pageIndex) {
            return copy(page, offset);
        }
        if (p < memoryPages) {
            return copy(pages.get(p), offset);
        }
        return read((long) (p - memoryPages) * PAGE + offset);
    }

    /** How many answers were put. */
    long count() {
        return count;
    }

    /** Whether some pages went to the file. */
    boolean spilled() {
        return spill != null;
    }

    @Override
    public void close() {
        pages.clear();
        page = null;
        slots = new long[0];
        if (spill != null) {
            try {
                spill.close();
                Files.deleteIfExists(spillFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the row answers' spill file", e);
            } finally {
                spill = null;
            }
        }
    }

    private void nextPage() {
        if (page != null && pageIndex >= memoryPages) {
            write(page, (long) (pageIndex - memoryPages) * PAGE);
        }
        pageIndex++;
        if (pageIndex < memoryPages) {
            page = new byte[PAGE];
            pages.add(page);
        } else if (pageIndex == memoryPages) {
            page = new byte[PAGE];   // from here on, the one page being filled; full ones go to the file
        }
        pageEnd = 0;
    }

    private void write(byte[] full, long at) {
        try {
            if (spill == null) {
                spillFile = Files.createTempFile(spillDir, "esvc-row-answers-", ".bin");
                spill = FileChannel.open(spillFile, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        StandardOpenOption.DELETE_ON_CLOSE);
            }
            ByteBuffer b = ByteBuffer.wrap(full);
            while (b.hasRemaining()) {
                spill.write(b, at + b.position());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the row answers' spill file in " + spillDir, e);
        }
    }

    private byte[] read(long at) {
        try {
            readBuffer.clear();
            readFully(readBuffer, at, LENGTH);
            int length = ResultCodec.getInt(readBuffer.array(), 0);
            if (LENGTH + length <= READ_AHEAD && readBuffer.position() >= LENGTH + length) {
                return Arrays.copyOfRange(readBuffer.array(), LENGTH, LENGTH + length);
            }
            ByteBuffer whole = ByteBuffer.allocate(length);
            readFully(whole, at + LENGTH, length);
            return whole.array();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the row answers' spill file", e);
        }
    }

    /** Reads at least {@code atLeast} bytes at {@code at} into {@code into} (more if they come). */
    private void readFully(ByteBuffer into, long at, int atLeast) throws IOException {
        while (into.position() < atLeast) {
            int n = spill.read(into, at + into.position());
            if (n < 0) {
                throw new IOException("the row answers' spill file ends early");
            }
        }
    }

    private static byte[] copy(byte[] from, int offset) {
        int length = ResultCodec.getInt(from, offset);
        return Arrays.copyOfRange(from, offset + LENGTH, offset + LENGTH + length);
    }
}
