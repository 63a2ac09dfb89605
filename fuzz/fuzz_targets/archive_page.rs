#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| trouvaille_fuzz::archive_page(data));
