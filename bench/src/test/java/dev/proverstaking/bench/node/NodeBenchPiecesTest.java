package dev.proverstaking.bench.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proverstaking.common.Address;
import dev.proverstaking.math.UInt256;
import dev.proverstaking.signing.Hex;
import dev.proverstaking.signing.Recovery;
import dev.proverstaking.signing.Signatures;
import dev.proverstaking.signing.SigningKey;
import dev.proverstaking.signing.TxTypedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The client side of {@code bench node} without a node: envelopes that verify, the mix, the report. */
class NodeBenchPiecesTest {
    @Test
    void anEnvelopeIsTheOpItsArgumentsAndASignatureThatRecoversItsSender() throws Exception {
        SigningKey key = Funding.keys(7, 0, 1).get(0);
        Envelopes envelopes = new Envelopes(31337);
        TxMix mix = new TxMix(List.of(Funding.dev(1).address()));
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 50; i++) {
            TxMix.Tx tx = mix.next(random);
            JsonNode e = NodeHttp.JSON.readTree(envelopes.sign(key, tx.op(), tx.args(), i, 2_000_000_000L));
            assertThat(e.get("op").asText()).isEqualTo(tx.op());
            assertThat(e.get("nonce").asLong()).isEqualTo(i);
            assertThat(e.get("from").asText()).isEqualTo(key.address().toString());
            Map<String, Object> args = new LinkedHashMap<>();
            e.get("args").fields().forEachRemaining(f -> {
                Object original = tx.args().get(f.getKey());
                args.put(f.getKey(), original instanceof Address ? Address.parse(f.getValue().asText())
                        : original instanceof UInt256 ? UInt256.parse(f.getValue().asText()) : f.getValue().asText());
            });
            assertThat(args.keySet()).containsExactlyElementsOf(tx.args().keySet());
            byte[] digest = TxTypedData.forChain(31337).digest(tx.op(), args, i, 2_000_000_000L);
            Recovery r = Signatures.get().recoverSigner(digest, Hex.decode(e.get("signature").asText()));
            assertThat(r).isInstanceOf(Recovery.Recovered.class);
            assertThat(((Recovery.Recovered) r).signer()).isEqualTo(key.address());
        }
    }

    @Test
    void theReportGivesEveryRunTheMediansAndTheGoals() {
        Histogram h = new Histogram(120_000_000L, 3);
        for (int i = 1; i <= 100; i++) h.recordValue(i * 1000L); // 1..100 ms
        LoadResult a = new LoadResult("batched", 30_000, 0, 2.0, h), b = new LoadResult("batched", 20_000, 0, 2.0, h);
        LoadResult rate = new LoadResult("fixed rate 2000/s", 10_000, 0, 5.0, h);
        NodeBenchRunner.Results results = new NodeBenchRunner.Results(NodeBenchConfig.quick(List.of(), 1),
                List.of(a), List.of(a, b), List.of(rate),
                new RestartMeasurement.Result(1_000_000, 1_100_000, 100, 80 << 20, List.of(Duration.ofSeconds(4)), "0x00", true), "test");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NodeBenchReport.print(results, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("batched                 med     12,500", "signed tx/s batched, durable  >= 10,000   12,500   met",
                "p99 at 2,000 tx/s offered       <= 50 ms    99.0 ms  MISSED", "restart at 1,000,000 positions", "4.00 s  met");
        assertThat(NodeBenchReport.failed(results)).isZero();
    }
}
