package org.ossnet.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bytes count by source only once their piece is verified. */
class SourceLedgerTest {

    @Test
    void countsABlockOnlyOnceItsPieceIsVerified() {
        SourceLedger ledger = new SourceLedger();
        ledger.stored(0, SourceLedger.Kind.PEER, 100);
        ledger.stored(0, SourceLedger.Kind.ORIGIN, 50);
        assertThat(ledger.totals()).isEqualTo(BytesBySource.NONE);

        ledger.verified(0);

        assertThat(ledger.totals()).isEqualTo(new BytesBySource(100, 0, 50));
    }

    @Test
    void forgetsTheBlocksOfAPieceThatFailed() {
        SourceLedger ledger = new SourceLedger();
        ledger.stored(1, SourceLedger.Kind.PEER, 100);
        ledger.failed(1);
        ledger.stored(1, SourceLedger.Kind.MIRROR, 100);
        ledger.verified(1);

        assertThat(ledger.totals()).isEqualTo(new BytesBySource(0, 100, 0));
    }

    @Test
    void countsABlockRecordedAfterItsPieceWasVerifiedByAnotherThread() {
        SourceLedger ledger = new SourceLedger();
        ledger.stored(2, SourceLedger.Kind.PEER, 10);
        ledger.verified(2);
        ledger.stored(2, SourceLedger.Kind.MIRROR, 20);

        assertThat(ledger.totals()).isEqualTo(new BytesBySource(10, 20, 0));
    }
}
