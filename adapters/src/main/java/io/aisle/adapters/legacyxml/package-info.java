/**
 * Partner kind 2: supermarket chains with their own, older XML-over-HTTP API (in the default fleet,
 * {@code jiuzhou-legacy}, "JZ-Link"). The adapter is {@link io.aisle.adapters.legacyxml.LegacyXmlAdapter};
 * the documents are {@link io.aisle.adapters.legacyxml.protocol.Documents}; the simulator is
 * {@code io.aisle.simulator.legacyxml.LegacyXmlSimulator}.
 *
 * <h2>The chain's API</h2>
 * Base URL {@code {base}}, e.g. {@code http://127.0.0.1:8090/legacy-xml}. Every call is a {@code POST}
 * of one XML document ({@code Content-Type: text/xml; charset=UTF-8}) with the chain's key in
 * {@code X-JZ-ApiKey}. Stores are named by the chain's branch codes ({@code partner_store_id}, e.g.
 * {@code JZ0001}), products by its item codes (e.g. {@code JZ-110003}), never by GTIN. Times are Beijing
 * local time without a zone, {@code yyyy-MM-dd HH:mm:ss}.
 * <pre>
 * POST {base}/api/stock/query     &lt;StockQuery branch="JZ0001"&gt;&lt;Item code="JZ-100234"/&gt;...&lt;/StockQuery&gt;   (1..20 codes)
 *   &lt;StockReply branch="JZ0001" time="2020-01-23 10:15:30"&gt;&lt;Item code="JZ-100234" qty="12" priceFen="5490" unit="EA|JIN"/&gt;...&lt;/StockReply&gt;
 *   Codes the branch does not sell (or the chain does not know) are left out. qty may be negative (oversold).
 *
 * POST {base}/api/reserve         &lt;Reserve branch reserveNo orderNo expires&gt;&lt;Item code qty/&gt;...&lt;/Reserve&gt;
 *   &lt;ReserveReply branch reserveNo orderNo status="HELD|RELEASED|EXPIRED" expires duplicate="Y|N"&gt;&lt;Item code qty/&gt;...&lt;/ReserveReply&gt;
 *   All items or none. reserveNo is ours (the hold id): the same number again answers the reservation as it
 *   stands with duplicate="Y"; the same number with another order or other items is E104.
 *
 * POST {base}/api/reserve/cancel  &lt;ReserveCancel branch reserveNo/&gt;
 *   &lt;ReserveCancelReply branch reserveNo result="CANCELLED|NOT_FOUND|CLOSED"/&gt;   (every result is a success)
 *
 * POST {base}/api/picklist        &lt;PickList branch listNo waveNo readyBy?&gt;&lt;Line code qty zone aisle&gt;&lt;Order orderNo qty/&gt;...&lt;/Line&gt;...&lt;/PickList&gt;
 *   &lt;PickListReply branch listNo duplicate="Y|N"/&gt;   (listNo is ours and makes it idempotent)
 *
 * POST {base}/api/order/cancel    &lt;OrderCancel branch orderNo/&gt;
 *   &lt;OrderCancelReply branch orderNo released="n"/&gt;   (releases the order's reservations)
 * </pre>
 *
 * <h2>Units and prices</h2>
 * Prices are integers in fen per chain unit. Goods are counted each ({@code unit="EA"}); loose produce
 * in jin of 500 g ({@code unit="JIN"}). Our unit of loose produce is 1 kg, so its
 * {@code product_mappings.partner_units_per_unit} is 2 and the adapter converts with it
 * ({@link io.aisle.adapters.legacyxml.PartnerCode}): 7 jin in stock are 3 of our units (rounded down),
 * 650 fen a jin is 1300 fen a unit, a hold of 2 units is 4 jin. The mapping's ratio is authoritative;
 * {@code unit} is only checked to be EA or JIN. A negative level reads as 0; an item priced 0 (not priced
 * yet) is left out of the answer.
 *
 * <h2>Errors</h2>
 * The application answers HTTP 200 with {@code <Error code=".." msg=".." retry="s"?/>}; its web server
 * answers plain 5xx pages, and its front proxy 429 with {@code Retry-After}. The adapter reports them as
 * {@link io.aisle.adapters.spi.PartnerFailure.Kind} ({@link io.aisle.adapters.legacyxml.protocol.ErrorCode}):
 * <pre>
 * E100 bad request (bad XML, missing attribute, more than 20 codes)   REJECTED
 * E101 unknown item code (reserve, pick list)                          REJECTED
 * E102 insufficient stock                                              REJECTED
 * E103 unknown branch                                                  REJECTED
 * E104 reservation number already used for another order/items        REJECTED
 * E110 authentication failed                                           REJECTED
 * E200 system busy, come back after retry="s" seconds                  RATE_LIMITED (retryAfter = retry, else Retry-After)
 * E201 branch offline                                                  UNAVAILABLE
 * E500 internal error                                                  UNAVAILABLE
 * other E1xx / E2xx, E5xx / anything else                              REJECTED / UNAVAILABLE / MALFORMED
 * HTTP 429 / 5xx / other 4xx                                           RATE_LIMITED / UNAVAILABLE / REJECTED
 * not XML, another document, a broken rule, another branch/number      MALFORMED
 * no answer within the call timeout / reset                            TIMEOUT / UNAVAILABLE
 * </pre>
 *
 * <h2>Product codes</h2>
 * The adapter asks a {@link io.aisle.adapters.legacyxml.ProductCodeMapping} for the chain's codes
 * (the gateway's one reads {@code product_mappings}; {@link io.aisle.adapters.legacyxml.ProductCodeTable}
 * holds rows in memory). A product without a code is absent from stock answers and never sent; a hold
 * or pick list with one is REJECTED before any call; a mapping that cannot be read is UNAVAILABLE.
 * More than 20 codes go out as parallel calls of at most 20, merged in the order asked, with the
 * oldest {@code time} as the answer's; one failed call fails the query with its own kind.
 */
package io.aisle.adapters.legacyxml;
