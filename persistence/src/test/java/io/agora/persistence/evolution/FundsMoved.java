package io.agora.persistence.evolution;

import io.agora.persistence.CborSerializable;
import java.math.BigDecimal;

/**
 * Version 2 of an example event: version 1 had no {@code currency} (every account was in USDT) and called the
 * amount {@code value}. {@link FundsMovedMigration} reads version 1 from the journal as version 2.
 */
public record FundsMoved(String account, BigDecimal amount, String currency) implements CborSerializable {}
