package io.aisle.gateway.planning.wave;

import static io.aisle.gateway.planning.PlanningFixtures.EGGS_30;
import static io.aisle.gateway.planning.PlanningFixtures.FIVE_MINUTE_WAVES;
import static io.aisle.gateway.planning.PlanningFixtures.FLOUR_5KG;
import static io.aisle.gateway.planning.PlanningFixtures.RICE_5KG;
import static io.aisle.gateway.planning.PlanningFixtures.STORE_A;
import static io.aisle.gateway.planning.PlanningFixtures.STORE_B;
import static io.aisle.gateway.planning.PlanningFixtures.leg;
import static io.aisle.gateway.planning.PlanningFixtures.line;
import static io.aisle.gateway.planning.PlanningFixtures.minutes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.aisle.contracts.api.PriorityClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class WavePlannerTest {

    @Test
    void keepsAFreshLegOpenAndLooksAgainWhenItsWindowEnds() {
        OpenLeg rice = leg("o-1", minutes(0), line(RICE_5KG, 2));

        WaveDecision decision = WavePlanner.decide(List.of(rice), minutes(1), FIVE_MINUTE_WAVES);

        assertEquals(List.of(), decision.waves());
        assertEquals(List.of(rice), decision.stillOpen());
        assertEquals(minutes(5), decision.nextCheck());
    }

    @Test
    void closesTheWaveWhenItsOldestLegHasWaitedTheWindow() {
        OpenLeg first = leg("o-1", minutes(0), line(RICE_5KG, 2));
        OpenLeg second = leg("o-2", minutes(2), line(FLOUR_5KG, 1));

        WaveDecision decision = WavePlanner.decide(List.of(second, first), minutes(5), FIVE_MINUTE_WAVES);

        assertEquals(1, decision.waves().size());
        Wave wave = decision.waves().get(0);
        assertEquals(WaveCloseReason.WINDOW, wave.reason());
        assertEquals(List.of("o-1", "o-2"), wave.orderIds());
        assertEquals(minutes(5), wave.closedAt());
        assertEquals(List.of(), decision.stillOpen());
        assertNull(decision.nextCheck());
    }

    @Test
    void closesAWaveAsSoonAsItHoldsTheMostOrdersAllowed() {
        List<OpenLeg> legs = List.of(
                leg("o-1", minutes(0), line(RICE_5KG, 1)),
                leg("o-2", minutes(0.5), line(RICE_5KG, 1)),
                leg("o-3", minutes(1), line(EGGS_30, 1)),
                leg("o-4", minutes(1.5), line(FLOUR_5KG, 1)));

        WaveDecision decision = WavePlanner.decide(legs, minutes(1.5), FIVE_MINUTE_WAVES);

        assertEquals(1, decision.waves().size());
        assertEquals(WaveCloseReason.SIZE, decision.waves().get(0).reason());
        assertEquals(4, decision.waves().get(0).legs().size());
    }

    @Test
    void closesOnTheUnitLimitAndLeavesOpenTheLegThatDoesNotFit() {
        OpenLeg big = leg("o-1", minutes(0), line(RICE_5KG, 30));
        OpenLeg bigger = leg("o-2", minutes(1), line(FLOUR_5KG, 15));

        WaveDecision decision = WavePlanner.decide(List.of(big, bigger), minutes(1), FIVE_MINUTE_WAVES);

        assertEquals(1, decision.waves().size());
        assertEquals(WaveCloseReason.SIZE, decision.waves().get(0).reason());
        assertEquals(List.of("o-1"), decision.waves().get(0).orderIds());
        assertEquals(List.of(bigger), decision.stillOpen());
        assertEquals(minutes(6), decision.nextCheck());
    }

    @Test
    void givesALegLargerThanTheUnitLimitAWaveOfItsOwn() {
        OpenLeg huge = leg("o-1", minutes(0), line(RICE_5KG, 99));

        WaveDecision decision = WavePlanner.decide(List.of(huge), minutes(0), FIVE_MINUTE_WAVES);

        assertEquals(List.of("o-1"), decision.waves().get(0).orderIds());
        assertEquals(WaveCloseReason.SIZE, decision.waves().get(0).reason());
    }

    @Test
    void closesEarlyWhenTheRiderWouldOtherwiseWaitForTheBags() {
        // One product: 2 minutes + 30 seconds of picking, rider expected at 4:00, so picking must start by 1:30.
        OpenLeg awaited = leg("o-1", minutes(0), line(RICE_5KG, 2)).withRiderExpectedAt(minutes(4));

        WaveDecision early = WavePlanner.decide(List.of(awaited), minutes(1), FIVE_MINUTE_WAVES);
        WaveDecision onTime = WavePlanner.decide(List.of(awaited), minutes(1.5), FIVE_MINUTE_WAVES);

        assertEquals(List.of(), early.waves());
        assertEquals(minutes(1.5), early.nextCheck());
        assertEquals(WaveCloseReason.RIDER, onTime.waves().get(0).reason());
    }

    @Test
    void closesTheWaveSoItsBagsAreReadyWhenTheRiderOfOneOfItsOrdersArrivesTakingTheOtherLegsAlong() {
        // rider of o-2 expected at 5:00; two products (2 min + 2 x 30 s = 3 min of picking): the wave closes at 2:00
        OpenLeg plain = leg("o-1", minutes(0), line(RICE_5KG, 1));
        OpenLeg awaited = leg("o-2", minutes(1), line(FLOUR_5KG, 1)).withRiderExpectedAt(minutes(5));

        WaveDecision before = WavePlanner.decide(List.of(plain, awaited), minutes(1.9), FIVE_MINUTE_WAVES);
        WaveDecision due = WavePlanner.decide(List.of(plain, awaited), minutes(2), FIVE_MINUTE_WAVES);

        assertEquals(List.of(), before.waves(), "the window (5:00) is far, and picking can still start later");
        assertEquals(minutes(2), before.nextCheck());
        Wave wave = due.waves().get(0);
        assertEquals(WaveCloseReason.RIDER, wave.reason());
        assertEquals(List.of("o-1", "o-2"), wave.orderIds());
        assertEquals(minutes(5), wave.expectedReadyAt(FIVE_MINUTE_WAVES), "the bags are expected as the rider arrives");
    }

    @Test
    void putsAHospitalLegIntoTheFirstWaveWhenTheStoreHasMoreThanOneWaveOfWork() {
        List<OpenLeg> legs = List.of(
                leg("o-1", minutes(0), line(RICE_5KG, 1)),
                leg("o-2", minutes(1), line(RICE_5KG, 1)),
                leg("o-3", minutes(2), line(RICE_5KG, 1)),
                leg("o-4", minutes(3), line(RICE_5KG, 1)),
                leg("o-hospital", PriorityClass.HOSPITAL, minutes(4), line(RICE_5KG, 1)));

        WaveDecision decision = WavePlanner.decide(legs, minutes(4), FIVE_MINUTE_WAVES);

        assertEquals(1, decision.waves().size());
        assertEquals(List.of("o-hospital", "o-1", "o-2", "o-3"), decision.waves().get(0).orderIds());
        assertEquals(List.of("o-4"), decision.stillOpen().stream().map(OpenLeg::orderId).toList());
    }

    @Test
    void closesAWaveAtOnceForAPriorityLegWithTheOrdinaryLegsWaitingBesideIt() {
        List<OpenLeg> legs = List.of(
                leg("o-1", minutes(0), line(RICE_5KG, 1)),
                leg("o-essential", PriorityClass.ESSENTIAL_WORKER, minutes(1), line(FLOUR_5KG, 1)));

        WaveDecision decision = WavePlanner.decide(legs, minutes(1), FIVE_MINUTE_WAVES);

        assertEquals(1, decision.waves().size(), "four minutes before the window ends");
        assertEquals(WaveCloseReason.PRIORITY, decision.waves().get(0).reason());
        assertEquals(List.of("o-essential", "o-1"), decision.waves().get(0).orderIds());
        assertEquals(List.of(), decision.stillOpen());
    }

    @Test
    void leavesOrdinaryLegsTheirShareOfAWaveWhenPriorityLegsWouldFillIt() {
        List<OpenLeg> legs = new ArrayList<>();
        legs.add(leg("o-standard-1", minutes(0), line(RICE_5KG, 1)));
        legs.add(leg("o-standard-2", minutes(0.5), line(RICE_5KG, 1)));
        for (int i = 1; i <= 6; i++) {
            legs.add(leg("o-hospital-" + i, PriorityClass.HOSPITAL, minutes(1 + i / 10.0), line(RICE_5KG, 1)));
        }

        WaveDecision decision = WavePlanner.decide(legs, minutes(2), FIVE_MINUTE_WAVES);

        // four orders a wave, one of them kept for ordinary orders while any wait
        assertEquals(List.of("o-hospital-1", "o-hospital-2", "o-hospital-3", "o-standard-1"), decision.waves().get(0).orderIds());
        assertEquals(WaveCloseReason.SIZE, decision.waves().get(0).reason());
        assertEquals(List.of("o-hospital-4", "o-hospital-5", "o-hospital-6", "o-standard-2"), decision.waves().get(1).orderIds());
        assertEquals(List.of(), decision.stillOpen(), "every priority leg is in a wave at once");
    }

    @Test
    void servesALegThatWaitedTwoWindowsBeforeFresherPriorityLegs() {
        List<OpenLeg> legs = new ArrayList<>();
        legs.add(leg("o-standard", minutes(0), line(RICE_5KG, 1)));
        for (int i = 1; i <= 4; i++) {
            legs.add(leg("o-hospital-" + i, PriorityClass.HOSPITAL, minutes(10.5), line(RICE_5KG, 1)));
        }

        WaveDecision decision = WavePlanner.decide(legs, minutes(11), FIVE_MINUTE_WAVES);

        assertEquals("o-standard", decision.waves().get(0).orderIds().get(0));
    }

    @Test
    void ranksEssentialWorkersBetweenHospitalsAndEveryoneElse() {
        List<OpenLeg> legs = List.of(
                leg("o-standard", minutes(0), line(RICE_5KG, 1)),
                leg("o-essential", PriorityClass.ESSENTIAL_WORKER, minutes(1), line(RICE_5KG, 1)),
                leg("o-hospital", PriorityClass.HOSPITAL, minutes(2), line(RICE_5KG, 1)));

        WaveDecision decision = WavePlanner.decide(legs, minutes(5), FIVE_MINUTE_WAVES);

        assertEquals(List.of("o-hospital", "o-essential", "o-standard"), decision.waves().get(0).orderIds());
    }

    @Test
    void formsWavesPerStore() {
        List<OpenLeg> legs = List.of(
                leg("o-1", STORE_A, PriorityClass.STANDARD, minutes(0), line(RICE_5KG, 1)),
                leg("o-2", STORE_B, PriorityClass.STANDARD, minutes(0), line(RICE_5KG, 1)),
                leg("o-3", STORE_B, PriorityClass.STANDARD, minutes(4), line(EGGS_30, 1)));

        WaveDecision decision = WavePlanner.decide(legs, minutes(5), FIVE_MINUTE_WAVES);

        assertEquals(List.of(STORE_A, STORE_B), decision.waves().stream().map(Wave::storeId).toList());
        assertEquals(List.of("o-2", "o-3"), decision.waves().get(1).orderIds());
        assertNotEquals(decision.waves().get(0).waveId(), decision.waves().get(1).waveId());
    }

    @Test
    void decidesTheSameWavesWithTheSameIdsWhateverTheOrderOfTheInput() {
        List<OpenLeg> legs = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            legs.add(leg("o-" + i, i % 3 == 0 ? PriorityClass.ESSENTIAL_WORKER : PriorityClass.STANDARD, minutes(i * 0.5), line(RICE_5KG, 3)));
        }
        WaveDecision first = WavePlanner.decide(legs, minutes(6), FIVE_MINUTE_WAVES);
        Collections.reverse(legs);

        WaveDecision second = WavePlanner.decide(legs, minutes(6), FIVE_MINUTE_WAVES);

        assertEquals(first, second);
    }

    @Test
    void refusesTwoOpenLegsOfOneOrderAtOneStore() {
        OpenLeg rice = leg("o-1", minutes(0), line(RICE_5KG, 1));
        OpenLeg eggs = leg("o-1", minutes(0), line(EGGS_30, 1));

        assertThrows(IllegalArgumentException.class, () -> WavePlanner.decide(List.of(rice, eggs), minutes(1), FIVE_MINUTE_WAVES));
    }

    @Test
    void refusesAWindowOfNoTime() {
        assertThrows(IllegalArgumentException.class, () -> new WaveRules(Duration.ZERO, 4, 40, Duration.ZERO, Duration.ZERO));
    }

    @Test
    void expectsTheBagsReadyAfterTheBaseTimeAndOneStepPerProduct() {
        Wave wave = WavePlanner.decide(List.of(
                leg("o-1", minutes(0), line(RICE_5KG, 2), line(EGGS_30, 1)),
                leg("o-2", minutes(1), line(RICE_5KG, 1))), minutes(5), FIVE_MINUTE_WAVES).waves().get(0);

        // Two distinct products: 2 minutes + 2 x 30 seconds after closing at 5:00.
        assertEquals(minutes(8), wave.expectedReadyAt(FIVE_MINUTE_WAVES));
    }
}
