package io.aeredis.ae;

class SelectTimeEventTest extends TimeEventContractTest {
    @Override
    String backend() {
        return "select";
    }
}
