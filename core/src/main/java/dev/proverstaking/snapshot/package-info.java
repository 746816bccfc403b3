/**
 * The snapshot container, format version 2: framing, checksums and field encodings, below the
 * modules. It depends on {@code math} and {@code common} only; the modules' {@code *Snapshot} classes
 * write and read their state with it, and {@code ledger.LedgerSnapshot} composes them.
 *
 * <h2>Container</h2>
 *
 * Big-endian throughout; {@code u32} is 4 bytes, CRC32C is {@link java.util.zip.CRC32C}.
 * <pre>
 * snapshot   = magic "PSNAP" (5 ASCII bytes) | version u32 (2) | section* | end
 * section    = header | frame* | terminator
 * header     = a frame whose body is: flags (1 byte: bit 0 = required, others 0) | name (ASCII, the rest)
 * frame      = length u32 (1..2^20) | CRC32C(the 4 length bytes) u32 | body (length bytes) | CRC32C(body) u32
 * terminator = 00 00 00 00 | CRC32C(00 00 00 00) u32       (a frame of length 0: no body, no body CRC)
 * end        = a terminator where a header would be
 * </pre>
 * After {@code end}, nothing: the input must end there.
 *
 * <p>Why the length has a checksum of its own: a reader must trust a length before it reads the
 * bytes it announces. With the length checked first, a damaged length is reported as corruption,
 * never misread as a shorter frame followed by garbage, nor as the input ending early; every byte
 * after the version is covered by a CRC checked before anything it covers is used.
 *
 * <p>A section's <em>content</em> is the concatenation of its frames' bodies; where one frame ends
 * and the next begins carries no meaning (a field may straddle two). A writer fills each frame to
 * {@link dev.proverstaking.snapshot.SnapshotFormat#MAX_FRAME_LENGTH} (ending it early rather than
 * splitting a field), so the bytes of a given content are canonical. A section with no content has
 * no frames. The content is a sequence of fields, in the order its section's layout gives:
 * <ul>
 *   <li><b>i64</b> / <b>i32</b>: 8 / 4 bytes, two's complement; timestamps are i64, never negative;</li>
 *   <li><b>flag</b>: 1 byte, 0 or 1; <b>ordinal</b>: 1 byte, an enum constant's ordinal;</li>
 *   <li><b>count</b>: i32, never negative, then that many elements;</li>
 *   <li><b>address</b>: a length byte (always 20), then the address's 20 bytes;</li>
 *   <li><b>uint</b>: a length byte (0..32), then the minimal big-endian magnitude (no leading zero
 *       byte; 0 is the empty magnitude), so each value has exactly one encoding.</li>
 * </ul>
 *
 * <h2>Sections</h2>
 *
 * Names are 1 to 32 characters: a lowercase ASCII letter, then letters, digits, '.', '_', '-'. A
 * reader refuses a section it does not know whose header says <em>required</em>
 * ({@link dev.proverstaking.snapshot.SnapshotFormatException.Reason#UNKNOWN_REQUIRED_SECTION}) and
 * skips an optional one, checking its frames: a newer writer may add optional sections that older
 * readers pass over, and required ones that they must not.
 *
 * <p>Checksums detect damaged bytes; the lengths, terminators and end marker detect truncation
 * anywhere. A frame moved whole from one place to another is not something a disk or a network
 * does; such input is refused only when its content no longer reads as a section's content.
 */
package dev.proverstaking.snapshot;
