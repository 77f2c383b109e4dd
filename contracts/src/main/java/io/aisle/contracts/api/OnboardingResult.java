package io.aisle.contracts.api;

/** How many of each an onboarding batch put into the registry (new or updated). */
public record OnboardingResult(int products, int productCodes, int stores) {
}
