/**
 * Immutable collections for agent state that grows with every order (the execution agent's orders, the fill ids that
 * make capital and risk idempotent): adding one element shares the rest, where copying a {@code java.util} map or set
 * made every event cost O(state) and an agent slower with each order it had seen.
 */
package io.agora.agents.collections;
