package dev.proverstaking.transition;

/**
 * Why an operation failed. The constants carry exactly the names of the scenario format
 * (the reference's custom errors, plus one name per string or token revert), so a code
 * prints as itself; that vocabulary is the contract, hence the unusual constant style.
 */
@SuppressWarnings("java:S115")
public enum ErrorCode {
    GlobalMinSelfStakeNotMet,
    InvalidArg,
    ProverNotRegistered,
    InvalidProverState,
    MinSelfStakeNotMet,
    ActiveStakesRemain,
    CommissionRemain,
    InvalidCommission,
    InvalidScale,
    ZeroAmount,
    InsufficientStake,
    SelfStakeUnderflow,
    TooManyPendingUnstakes,
    NoReadyUnstakes,
    SlashTooHigh,
    ScaleTooLow,
    TreasuryInsufficient,
    RewardsProverNotRegistered,
    NoRewards,
    RewardsInvalidCommission,
    RewardsZeroAmount,
    /** The sender is not the owner of the module. */
    NotOwner,
    /** The sender lacks the role the operation needs. */
    MissingRole,
    RoleAlreadyGranted,
    RoleNotGranted,
    /** A token balance (an account's or a module's custody) is too low. */
    InsufficientBalance,
    /** A uint256 overflowed or underflowed. */
    ArithmeticOverflow,
    /** A signed transaction's nonce is not its sender's next one (this project's extension: the node's). */
    BadNonce
}
