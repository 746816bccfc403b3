package dev.proverstaking.staking;

import dev.proverstaking.statehash.StateJournal;

/**
 * The pending-unstake queues of one prover's positions, held as fixed-size blocks of primitive
 * words in pages, each queue addressed by an {@code int} handle that its {@link Stake} keeps.
 *
 * <p>Why not an array per position: a first request would store a new array's reference into
 * the position, and G1's post-write barrier then dirties the position's card. With a million
 * positions that card-table byte is itself a cache miss, and every dirtied card is refinement
 * work: about 180 ns per requestUnstake at 10^6 positions, none of it at 10^3 (BENCHMARKS.md,
 * "Where the time goes at 10^6"). A handle is an {@code int}: storing it costs no barrier. Pages
 * are written in place and only referenced from here.
 *
 * <p>A block is word 0, the queue's length, then {@link #REQUEST_WORDS} words per request, oldest
 * first: its raw shares as four limbs, least significant first, then the request time. Two block
 * sizes keep the common short queue small: a short block holds {@link #SHORT_CAPACITY} requests, a
 * full block the design's maximum. A queue moves to a full block when it outgrows its short one,
 * and its block is freed when it empties; a free block's word 0 links the next free one.
 *
 * <p>Invariant: every handle held by a position is in use in exactly one block, and its length is
 * 1..{@link Stake#MAX_PENDING_UNSTAKES} (an empty queue holds {@link #NONE}).
 */
final class PendingQueues {
    /** The handle of the empty queue (no block). */
    static final int NONE = -1;
    static final int REQUEST_WORDS = 5;
    static final int SHORT_CAPACITY = 2;

    private static final int END_OF_FREE_LIST = -1;

    /**
     * The prover whose positions' queues these are: a position reaches through it the state
     * hash's journal and its prover's address, which keys its record ({@link Stake#encode}).
     */
    final Prover prover;
    /** Its prover's {@link Prover#journal}, one load nearer to a position's writers. */
    final StateJournal journal;

    PendingQueues(Prover prover) {
        this.prover = prover;
        this.journal = prover.journal;
    }

    // created on first use: a prover whose stakers never unstake pays for neither
    private Size shortBlocks;
    private Size fullBlocks;

    /**
     * The blocks of one size, and a free list. Page k holds 2^k blocks (blocks 2^k - 1 ..
     * 2^(k+1) - 2), so a prover with one pending queue pays for one block, and a pool never
     * holds more than twice the blocks it has needed at once; no block ever moves.
     */
    private static final class Size {
        final int capacity;
        final int words;
        final long[][] pages = new long[31][];
        int pageCount;
        int used; // blocks ever handed out (free ones included)
        int free = END_OF_FREE_LIST;

        Size(int capacity) {
            this.capacity = capacity;
            this.words = 1 + capacity * REQUEST_WORDS;
        }

        int allocate() {
            if (free != END_OF_FREE_LIST) {
                int b = free;
                free = (int) page(b)[offset(b)];
                return b;
            }
            if (used == (1 << pageCount) - 1) {
                pages[pageCount] = new long[(1 << pageCount) * words];
                pageCount++;
            }
            return used++;
        }

        /** Frees a block; words past a queue's length are never read, so nothing is cleared. */
        void release(int b) {
            page(b)[offset(b)] = free;
            free = b;
        }

        long[] page(int b) {
            return pages[31 - Integer.numberOfLeadingZeros(b + 1)];
        }

        int offset(int b) {
            return (b + 1 - Integer.highestOneBit(b + 1)) * words;
        }

        long allocatedWords() {
            return (long) ((1 << pageCount) - 1) * words;
        }
    }

    // A handle is (block << 1) | size bit: 0 for a short block, 1 for a full one.
    private Size size(int handle) {
        return (handle & 1) == 0 ? shortBlocks : fullBlocks;
    }

    private static int block(int handle) {
        return handle >>> 1;
    }

    /** How many requests the queue holds. */
    int length(int handle) {
        return handle == NONE ? 0 : (int) page(handle)[base(handle)];
    }

    /** The page holding the queue's block (not {@link #NONE}); its words start at {@link #base}. */
    long[] page(int handle) {
        return size(handle).page(block(handle));
    }

    /** Where the queue's block starts in its {@link #page}: its length, then its requests. */
    private int base(int handle) {
        return size(handle).offset(block(handle));
    }

    /**
     * Where request {@code index} of the queue starts in its {@link #page}: raw share limbs, then
     * the request time. Throws if the queue holds no such request.
     */
    int request(int handle, int index) {
        int n = length(handle);
        if (index < 0 || index >= n) throw new IndexOutOfBoundsException("pending request " + index + " of " + n);
        return base(handle) + 1 + index * REQUEST_WORDS;
    }

    /** Appends a request; returns the queue's handle, which changes when it needs a bigger block. */
    int push(int handle, long r0, long r1, long r2, long r3, long requestedAt) {
        int n = length(handle);
        if (n == Stake.MAX_PENDING_UNSTAKES) throw new IllegalStateException("pending queue full");
        if (handle == NONE) {
            if (shortBlocks == null) shortBlocks = new Size(SHORT_CAPACITY);
            handle = shortBlocks.allocate() << 1;
        } else if (n == size(handle).capacity) {
            if (fullBlocks == null) fullBlocks = new Size(Stake.MAX_PENDING_UNSTAKES);
            int bigger = (fullBlocks.allocate() << 1) | 1;
            long[] to = fullBlocks.page(block(bigger));
            Size from = size(handle);
            System.arraycopy(from.page(block(handle)), from.offset(block(handle)), to,
                    fullBlocks.offset(block(bigger)), 1 + n * REQUEST_WORDS);
            from.release(block(handle));
            handle = bigger;
        }
        Size s = size(handle);
        long[] page = s.page(block(handle));
        int base = s.offset(block(handle));
        int at = base + 1 + n * REQUEST_WORDS;
        page[at] = r0;
        page[at + 1] = r1;
        page[at + 2] = r2;
        page[at + 3] = r3;
        page[at + 4] = requestedAt;
        page[base] = n + 1;
        return handle;
    }

    /** Drops the {@code count} oldest requests; returns the queue's handle ({@link #NONE} once empty). */
    int dropOldest(int handle, int count) {
        int n = length(handle);
        if (count < 0 || count > n) throw new IndexOutOfBoundsException("drop " + count + " of " + n);
        if (count == 0) return handle;
        Size s = size(handle);
        if (count == n) {
            s.release(block(handle));
            return NONE;
        }
        long[] page = s.page(block(handle));
        int base = s.offset(block(handle));
        System.arraycopy(page, base + 1 + count * REQUEST_WORDS, page, base + 1, (n - count) * REQUEST_WORDS);
        page[base] = n - count;
        return handle;
    }

    /** Blocks handed out and not freed, of both sizes: for tests and footprint figures. */
    int blocksInUse() {
        return inUse(shortBlocks) + inUse(fullBlocks);
    }

    /** Words of all pages, free blocks included: what the pool costs in heap, less array headers. */
    long wordsAllocated() {
        return (shortBlocks == null ? 0 : shortBlocks.allocatedWords())
                + (fullBlocks == null ? 0 : fullBlocks.allocatedWords());
    }

    private static int inUse(Size s) {
        if (s == null) return 0;
        int free = 0;
        for (int b = s.free; b != END_OF_FREE_LIST; b = (int) s.page(b)[s.offset(b)]) free++;
        return s.used - free;
    }
}
