package loombook.kernel.protocol;

/**
 * The signatures of the last {@link #CAPACITY} signed messages the kernel accepted, so that a
 * replayed message (the same signed bytes sent again) is refused, as ipykernel's session does with
 * its digest history. Memory is bounded and fixed: the first 64 bits of each HMAC (a false
 * refusal of a new message among 65,536 remembered ones has a chance of about 2<sup>-48</sup>) in
 * a ring that forgets the oldest, and an open-addressing table to look them up (1.5 MB in all).
 * Thread-safe: shell, control and stdin share one history.
 */
final class SeenSignatures {
    /** How many signatures are remembered. */
    static final int CAPACITY = 1 << 16;

    private final int capacity;
    private final long[] ring;
    private final long[] table;
    private final int mask;
    private int oldest;
    private int size;

    SeenSignatures() {
        this(CAPACITY);
    }

    /** A history of {@code capacity} signatures (a power of two). */
    SeenSignatures(int capacity) {
        if (Integer.bitCount(capacity) != 1) throw new IllegalArgumentException("not a power of two: " + capacity);
        this.capacity = capacity;
        ring = new long[capacity];
        table = new long[capacity * 2];
        mask = table.length - 1;
    }

    /** Remembers {@code signature} (lowercase hex, as verified); false if it was seen already. */
    synchronized boolean add(byte[] signature) {
        long key = key(signature);
        if (slot(key) >= 0) return false;
        if (size == capacity) {
            remove(ring[oldest]);
            oldest = (oldest + 1) & (capacity - 1);
            size--;
        }
        ring[(oldest + size) & (capacity - 1)] = key;
        size++;
        int i = home(key);
        while (table[i] != 0) i = (i + 1) & mask;
        table[i] = key;
        return true;
    }

    /** How many signatures are remembered now. */
    synchronized int size() {
        return size;
    }

    private static long key(byte[] hex) {
        long k = 0;
        for (int i = 0; i < Math.min(16, hex.length); i++) k = (k << 4) | (Character.digit(hex[i], 16) & 0xf);
        return k == 0 ? 1 : k;         // 0 marks an empty slot
    }

    private int home(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }

    private int slot(long key) {
        for (int i = home(key); table[i] != 0; i = (i + 1) & mask) {
            if (table[i] == key) return i;
        }
        return -1;
    }

    /** Linear probing's deletion: later entries of the run move back, so no lookup stops early. */
    private void remove(long key) {
        int i = slot(key);
        if (i < 0) return;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (table[j] == 0) break;
            int k = home(table[j]);
            boolean stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
            if (stays) continue;
            table[i] = table[j];
            i = j;
        }
        table[i] = 0;
    }
}
