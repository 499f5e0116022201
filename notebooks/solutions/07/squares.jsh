class Squares {
    record Result(int i, int square) {}

    static List<Integer> squares(int n) {
        Pid me = self();
        for (int i = 0; i < n; i++) {
            int k = i;
            spawn(() -> send(me, new Result(k, k * k)));
        }
        Integer[] out = new Integer[n];
        for (int received = 0; received < n; received++) {
            Result r = receive(Result.class);
            out[r.i()] = r.square();
        }
        return List.of(out);
    }
}
