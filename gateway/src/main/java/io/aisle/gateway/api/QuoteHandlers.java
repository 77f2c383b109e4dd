package io.aisle.gateway.api;

import io.aisle.contracts.api.QuoteRequest;
import io.aisle.gateway.quote.QuoteService;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** {@code POST /v1/quotes}: what the basket costs and which stores would supply it, with a per-store report. */
final class QuoteHandlers {

    private final QuoteService quotes;
    private final Admission admission;

    QuoteHandlers(QuoteService quotes, Admission admission) {
        this.quotes = quotes;
        this.admission = admission;
    }

    void quote(RoutingContext ctx) {
        QuoteRequest request = Bodies.read(ctx, QuoteRequest.class);
        StringBuilder refusal = new StringBuilder();
        Optional<Admission.Permit> permit = admission.tryAdmit(Authentication.clientOf(ctx).clientId(), false, refusal);
        if (permit.isEmpty()) {
            Responses.shed(ctx, refusal.toString());
            return;
        }
        quotes.quote(request)
                .onComplete(done -> permit.get().release())
                .onSuccess(response -> Responses.json(ctx, 200, response))
                .onFailure(ctx::fail);
    }
}
