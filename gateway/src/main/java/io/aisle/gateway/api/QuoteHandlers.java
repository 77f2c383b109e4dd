package io.aisle.gateway.api;

import io.aisle.contracts.api.QuoteRequest;
import io.aisle.gateway.quote.QuoteService;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /v1/quotes}: what the basket costs and which stores would supply it, with a per-store report. */
final class QuoteHandlers {

    private final QuoteService quotes;

    QuoteHandlers(QuoteService quotes) {
        this.quotes = quotes;
    }

    void quote(RoutingContext ctx) {
        QuoteRequest request = Bodies.read(ctx, QuoteRequest.class);
        quotes.quote(request)
                .onSuccess(response -> Responses.json(ctx, 200, response))
                .onFailure(ctx::fail);
    }
}
