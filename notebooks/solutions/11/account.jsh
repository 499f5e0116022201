class Account extends GenServer<Integer, Integer> {
    record Deposit(int amount) {}
    record Withdraw(int amount) {}
    record Balance() {}

    static Pid start(int balance) {
        return GenServer.start(new Account(), balance);
    }

    static void deposit(Pid account, int amount) {
        GenServer.cast(account, new Deposit(amount));
    }

    static boolean withdraw(Pid account, int amount) {
        return GenServer.call(account, new Withdraw(amount));      // one call: the check and the change in one callback
    }

    static int balance(Pid account) {
        return GenServer.call(account, new Balance());
    }

    public Init<Integer> init(Integer balance) {
        return ok(balance);
    }

    public CallResult<Integer> handleCall(Object request, From from, Integer balance) {
        return switch (request) {
            case Withdraw(var amount) when amount <= balance -> reply(true, balance - amount);
            case Withdraw w -> reply(false, balance);
            case Balance b -> reply(balance, balance);
            default -> super.handleCall(request, from, balance);
        };
    }

    public Result<Integer> handleCast(Object request, Integer balance) {
        return switch (request) {
            case Deposit(var amount) -> noreply(balance + amount);
            default -> super.handleCast(request, balance);
        };
    }
}
