package dev.proverstaking.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReadOrderTest {
    @Test
    void handsOutBatchesInOrderAndWrapsAround() {
        ReadOrder order = new ReadOrder(new int[64], 16);
        assertThat(order.next()).isEqualTo(0);
        assertThat(order.next()).isEqualTo(16);
        assertThat(order.next()).isEqualTo(32);
        assertThat(order.next()).isEqualTo(48);
        assertThat(order.next()).isEqualTo(0);
    }

    @Test
    void refusesACountThatIsNoPowerOfTwoOrNoMultipleOfTheBatch() {
        assertThatThrownBy(() -> new ReadOrder(new int[48], 16)).hasMessageContaining("power-of-two");
        assertThatThrownBy(() -> new ReadOrder(new int[8], 16)).hasMessageContaining("multiple of 16");
    }
}
