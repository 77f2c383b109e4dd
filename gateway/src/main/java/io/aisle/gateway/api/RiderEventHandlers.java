package io.aisle.gateway.api;

import io.aisle.adapters.callback.CallbackRejected;
import io.aisle.adapters.dispatch.RiderEventReceiver;
import io.aisle.gateway.dispatch.DispatchService;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** {@code POST /dispatch/v1/events}: signed events of rider dispatch, applied once each. */
final class RiderEventHandlers {

    private final RiderEventReceiver receiver;
    private final DispatchService dispatch;

    RiderEventHandlers(RiderEventReceiver receiver, DispatchService dispatch) {
        this.receiver = receiver;
        this.dispatch = dispatch;
    }

    void event(RoutingContext ctx) {
        Bodies.requireJson(ctx);
        Bodies.requireUtf8(ctx);
        Buffer body = Bodies.present(ctx) ? ctx.body().buffer() : Buffer.buffer();
        receiver.receive(ctx.request().headers(), body)
                .compose(event -> dispatch.onEvent(event).map(event))
                .onSuccess(event -> ctx.response().setStatusCode(202).end())
                .onFailure(failure -> {
                    if (failure instanceof CallbackRejected rejected) {
                        Problems.send(ctx, Problems.riderEventRefused(rejected));
                    } else {
                        ctx.fail(failure);
                    }
                });
    }
}
