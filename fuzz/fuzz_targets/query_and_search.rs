#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trouvaille_fuzz::query_and_search(data));
